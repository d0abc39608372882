#include "responseview.h"

#include "call/clientprincipal.h"
#include "call/responsebody.h"
#include "call/statusmeaning.h"
#include "net/redaction.h"
#include "net/transcriptformat.h"
#include "principalview.h"
#include "widgets/findingsview.h"
#include "widgets/jsonhighlighter.h"
#include "widgets/plaintext.h"
#include "widgets/reflow.h"
#include "widgets/secretclipboard.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSplitter>
#include <QTableWidget>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace idex::ui {

namespace {

QString badgeStyle(const QString &background)
{
    return QStringLiteral("QLabel { color: white; background: %1; border-radius: 4px; padding: 3px 10px; "
                          "font-weight: 600; }")
        .arg(background);
}

QString badgeColour(const CallResult &result)
{
    if (!result.answered())
        return QStringLiteral("#6d4c41");
    const int status = result.status();
    if (status >= 200 && status < 300)
        return QStringLiteral("#2e7d32");
    if (status >= 300 && status < 400)
        return QStringLiteral("#1e6fd9");
    if (status == 401 || status == 403 || status >= 500)
        return QStringLiteral("#c62828");
    return QStringLiteral("#ef6c00");
}

// Qt's certificate error texts are terse; say what they mean for the person at the keyboard.
QString plainCertificateWords(const QString &error)
{
    const QString lower = error.toLower();
    if (lower.contains(QLatin1String("self signed")) || lower.contains(QLatin1String("self-signed")))
        return QStringLiteral("The server's certificate is self-signed: nothing vouches for it.");
    if (lower.contains(QLatin1String("expired")))
        return QStringLiteral("The server's certificate has expired.");
    if (lower.contains(QLatin1String("not yet valid")))
        return QStringLiteral("The server's certificate is not valid yet (check the clocks).");
    if (lower.contains(QLatin1String("host name")) || lower.contains(QLatin1String("hostname")))
        return QStringLiteral("The certificate was issued for another host name than the one in the URL.");
    if (lower.contains(QLatin1String("issuer")) || lower.contains(QLatin1String("local issuer")))
        return QStringLiteral("The certificate's issuing CA is not trusted on this machine.");
    if (lower.contains(QLatin1String("revoked")))
        return QStringLiteral("The certificate has been revoked.");
    return error;
}

/*! One line that never holds the window wide: a long URL is elided in the middle (the tooltip has it all). */
class ElidedLabel : public QLabel
{
public:
    using QLabel::QLabel;

    void setFullText(const QString &text)
    {
        m_full = text;
        setToolTip(plainToolTip(text));
        updateText();
    }
    QString fullText() const { return m_full; }
    QSize minimumSizeHint() const override { return { 0, QLabel::minimumSizeHint().height() }; }
    QSize sizeHint() const override { return { 0, QLabel::sizeHint().height() }; }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QLabel::resizeEvent(event);
        updateText();
    }

private:
    void updateText() { QLabel::setText(fontMetrics().elidedText(m_full, Qt::ElideMiddle, qMax(0, width()))); }

    QString m_full;
};

} // namespace

ResponseView::ResponseView(QWidget *parent)
    : QWidget(parent)
    , m_status(new QLabel(this))
    , m_meaning(new QLabel(this))
    , m_stats(new ElidedLabel(this))
    , m_tls(new ElidedLabel(this))
    , m_certificate(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_tabs(new QTabWidget(this))
    , m_bodyMode(new QComboBox(this))
    , m_showSecrets(new QCheckBox(QStringLiteral("Show secrets"), this))
    , m_body(new QPlainTextEdit(this))
    , m_highlighter(new JsonHighlighter(m_body->document()))
    , m_headers(new QTableWidget(0, 2, this))
    , m_exchange(new QPlainTextEdit(this))
    , m_findings(new FindingsView(this))
    , m_principal(new PrincipalView(this))
{
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_meaning->setObjectName(QStringLiteral("meaningLabel"));
    m_stats->setObjectName(QStringLiteral("statsLabel"));
    m_tls->setObjectName(QStringLiteral("tlsLabel"));
    m_certificate->setObjectName(QStringLiteral("certificateLabel"));
    m_progress->setObjectName(QStringLiteral("callProgress"));
    m_tabs->setObjectName(QStringLiteral("responseTabs"));
    m_bodyMode->setObjectName(QStringLiteral("bodyModeCombo"));
    m_showSecrets->setObjectName(QStringLiteral("showSecretsCheck"));
    m_body->setObjectName(QStringLiteral("responseBody"));
    m_headers->setObjectName(QStringLiteral("responseHeaders"));
    m_exchange->setObjectName(QStringLiteral("exchangeText"));
    m_findings->setObjectName(QStringLiteral("findingsView"));

    // Status, meaning, URL, TLS and certificate texts come from servers and URLs: shown as text, never as markup.
    for (QLabel *label : { m_status, m_meaning, m_stats, m_tls, m_certificate })
        label->setTextFormat(Qt::PlainText);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);

    // The banner: status badge, meaning, figures, TLS.
    auto *banner = new QHBoxLayout;
    banner->setSpacing(10);
    QFont badgeFont = m_status->font();
    badgeFont.setPointSizeF(badgeFont.pointSizeF() * 1.25);
    m_status->setFont(badgeFont);
    m_status->setAlignment(Qt::AlignCenter);
    m_status->setMinimumWidth(120);
    banner->addWidget(m_status, 0, Qt::AlignTop);
    auto *words = new QVBoxLayout;
    words->setSpacing(2);
    m_meaning->setWordWrap(true);
    m_meaning->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stats->setForegroundRole(QPalette::PlaceholderText);
    // A long URL cannot wrap: it is cut at the edge (the tooltip has it all) rather than holding the window wide.

    m_stats->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tls->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_certificate->setWordWrap(true);
    m_certificate->setStyleSheet(QStringLiteral("QLabel { color: #b71c1c; }"));
    m_progress->setRange(0, 0);
    m_progress->setMaximumHeight(6);
    m_progress->setTextVisible(false);
    words->addWidget(m_meaning);
    words->addWidget(m_stats);
    words->addWidget(m_tls);
    words->addWidget(m_certificate);
    words->addWidget(m_progress);
    banner->addLayout(words, 1);
    layout->addLayout(banner);

    // Body tab: mode switch, copy, text.
    auto *bodyPage = new QWidget(this);
    auto *bodyLayout = new QVBoxLayout(bodyPage);
    bodyLayout->setContentsMargins(4, 4, 4, 4);
    auto *bodyBar = new QHBoxLayout;
    m_bodyMode->addItem(QStringLiteral("Pretty"));
    m_bodyMode->addItem(QStringLiteral("Raw"));
    m_bodyMode->addItem(QStringLiteral("Hex"));
    m_bodyMode->setToolTip(QStringLiteral("How to show the body: pretty JSON, the bytes as text, or a hex dump"));
    auto *copyBody = new QToolButton(this);
    copyBody->setObjectName(QStringLiteral("copyBodyButton"));
    copyBody->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    copyBody->setText(QStringLiteral("Copy body"));
    copyBody->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    copyBody->setToolTip(QStringLiteral("Copy the body as shown (secrets stay redacted unless Show secrets is on)"));
    m_showSecrets->setToolTip(QStringLiteral("Show tokens, keys, passwords and cookies in the body as they came. Off "
                                             "again for every answer and every view; never remembered."));
    bodyBar->addWidget(new QLabel(QStringLiteral("Show as"), this));
    bodyBar->addWidget(m_bodyMode);
    bodyBar->addWidget(m_showSecrets);
    bodyBar->addStretch(1);
    bodyBar->addWidget(copyBody);
    bodyLayout->addLayout(bodyBar);
    m_body->setReadOnly(true);
    m_body->setFont(mono);
    m_body->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_body->setPlaceholderText(QStringLiteral("The response body appears here."));
    bodyLayout->addWidget(m_body);
    m_tabs->addTab(bodyPage, QStringLiteral("&Body"));

    m_headers->setHorizontalHeaderLabels({ QStringLiteral("Header"), QStringLiteral("Value") });
    m_headers->horizontalHeader()->setStretchLastSection(true);
    // The names as wide as they are, the values in what is left (elided, whole in the tooltip): never sideways.
    m_headers->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_headers->verticalHeader()->setVisible(false);
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_headers->setAlternatingRowColors(true);
    m_headers->setFont(mono);
    m_tabs->addTab(m_headers, QStringLiteral("&Headers"));

    m_exchange->setReadOnly(true);
    m_exchange->setFont(mono);
    m_exchange->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_tabs->addTab(m_exchange, QStringLiteral("E&xchange"));
    m_principal->setObjectName(QStringLiteral("principalView"));
    m_tabs->addTab(m_principal, QStringLiteral("Easy Auth &principal"));

    auto *findingsBox = new QGroupBox(QStringLiteral("What it means"), this);
    auto *findingsLayout = new QVBoxLayout(findingsBox);
    findingsLayout->setContentsMargins(6, 6, 6, 6);
    findingsLayout->addWidget(m_findings);

    // The body beside what it means; below it when the answer is narrower than both.
    auto *split = new ReflowSplitter(this);
    split->setObjectName(QStringLiteral("responseSplitter"));
    split->setMainPane(1);
    split->addWidget(m_tabs);
    split->addWidget(findingsBox);
    // What it means is read first: the findings get the larger share, the body stays one click away.
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({ 440, 640 });
    split->setChildrenCollapsible(false);
    layout->addWidget(split, 1);

    // Raw values are asked for per view: another view, or another answer, starts redacted again.
    connect(m_bodyMode, &QComboBox::currentIndexChanged, this, [this] {
        const QSignalBlocker blocker(m_showSecrets);
        m_showSecrets->setChecked(false);
        renderBody();
    });
    connect(m_showSecrets, &QCheckBox::toggled, this, &ResponseView::renderBody);
    connect(copyBody, &QToolButton::clicked, this, [this] {
        if (m_showSecrets->isChecked())
            copySecretToClipboard(bodyText());
        else
            QApplication::clipboard()->setText(bodyText());
    });
    clear();
}

void ResponseView::clear()
{
    m_hasResult = false;
    m_result = CallResult {};
    resetShowSecrets();
    m_status->setText(QStringLiteral("No call yet"));
    m_status->setStyleSheet(badgeStyle(QStringLiteral("#78909c")));
    m_meaning->setText(QStringLiteral("Pick a request on the left or type a URL, then press Send (Ctrl+Enter)."));
    static_cast<ElidedLabel *>(m_stats)->setFullText(QString());
    m_tls->hide();
    m_certificate->hide();
    m_progress->hide();
    m_body->clear();
    m_headers->setRowCount(0);
    m_exchange->clear();
    m_findings->setEmptyText(QStringLiteral("Send a request to see what the answer means."));
    m_findings->setFindings({});
}

void ResponseView::showBusy(const QString &text)
{
    m_status->setText(QStringLiteral("Sending…"));
    m_status->setStyleSheet(badgeStyle(QStringLiteral("#546e7a")));
    m_meaning->setText(text);
    static_cast<ElidedLabel *>(m_stats)->setFullText(QString());
    m_tls->hide();
    m_certificate->hide();
    m_progress->show();
}

void ResponseView::showResult(const CallResult &result, const Findings &findings)
{
    m_result = result;
    m_hasResult = true;
    resetShowSecrets();
    m_progress->hide();
    const HttpResponse &response = result.response();
    if (result.answered()) {
        const QString reason
            = response.reason.isEmpty() ? statusReasonPhrase(response.status) : QString::fromLatin1(response.reason);
        m_status->setText(QStringLiteral("%1 %2").arg(response.status).arg(reason));
        m_meaning->setText(statusMeaning(response.status));
        QStringList stats { QString::fromLatin1(result.request().method) + u' '
                + redaction::redactUrl(result.request().url),
            QStringLiteral("%1 ms").arg(response.elapsedMs), formatSize(response.body.size()) };
        const QByteArray contentType = response.header("Content-Type");
        if (!contentType.isEmpty())
            stats << QString::fromLatin1(contentType.split(';').first());
        static_cast<ElidedLabel *>(m_stats)->setFullText(stats.join(QStringLiteral("  ·  ")));
    } else {
        m_status->setText(QStringLiteral("No answer"));
        m_meaning->setText(
            QStringLiteral("%1: %2").arg(describeFailure(response.failure), redaction::redactText(response.error)));
        static_cast<ElidedLabel *>(m_stats)->setFullText(QString::fromLatin1(result.request().method) + u' '
            + redaction::redactUrl(result.request().url) + QStringLiteral("  ·  %1 ms").arg(response.elapsedMs));
    }
    m_status->setStyleSheet(badgeStyle(badgeColour(result)));

    if (!response.tlsProtocol.isEmpty()) {
        static_cast<ElidedLabel *>(m_tls)->setFullText(
            QStringLiteral("%1, %2 · certificate \"%3\" · SHA-1 %4")
                .arg(response.tlsProtocol, response.tlsCipher, response.peerCertificateSubject,
                    QString::fromLatin1(response.peerCertificateSha1)));
        m_tls->show();
    } else {
        m_tls->hide();
    }
    if (!response.tlsErrors.isEmpty()) {
        QStringList lines;
        for (const QString &error : response.tlsErrors)
            lines << plainCertificateWords(error);
        lines.removeDuplicates();
        const QString prefix = result.request().ignoreTlsErrors
            ? QStringLiteral("Certificate problems ignored at your request: ")
            : QStringLiteral("Certificate problems: ");
        m_certificate->setText(prefix + lines.join(u' '));
        m_certificate->show();
    } else {
        m_certificate->hide();
    }

    m_headers->setRowCount(0);
    for (const auto &[name, value] : redaction::redactHeaders(response.headers)) {
        const int row = m_headers->rowCount();
        m_headers->insertRow(row);
        m_headers->setItem(row, 0, new QTableWidgetItem(QString::fromLatin1(name)));
        m_headers->setItem(row, 1, new QTableWidgetItem(QString::fromUtf8(value)));
    }
    m_exchange->setPlainText(formatExchange(result.exchange));
    if (result.bodyKind == BodyKind::Binary)
        setBodyMode(BodyMode::Hex);
    else if (bodyMode() == BodyMode::Hex)
        setBodyMode(BodyMode::Pretty);
    renderBody();
    m_findings->setFindings(findings);
    // /.auth/me answers, and X-MS-CLIENT-PRINCIPAL headers echoed back by an app, are shown as a principal.
    const QByteArray principalHeader = response.header("X-MS-CLIENT-PRINCIPAL");
    if (!principalHeader.isEmpty()) {
        const ClientPrincipalResult principal = decodeClientPrincipal(principalHeader);
        if (principal.ok())
            m_principal->showPrincipal(principal.principal, QStringLiteral("X-MS-CLIENT-PRINCIPAL header"));
    } else if (result.isSuccess() && result.request().url.path() == QLatin1String("/.auth/me")) {
        const ClientPrincipalResult principal = parseAuthMe(response.body);
        if (principal.ok()) {
            m_principal->showPrincipal(principal.principal, QStringLiteral("/.auth/me"));
            m_tabs->setCurrentWidget(m_principal);
        }
    }
}

void ResponseView::setBodyMode(BodyMode mode)
{
    m_bodyMode->setCurrentIndex(int(mode));
}

ResponseView::BodyMode ResponseView::bodyMode() const
{
    return BodyMode(m_bodyMode->currentIndex());
}

QString ResponseView::bodyText() const
{
    return m_body->toPlainText();
}

bool ResponseView::secretsShown() const
{
    return m_showSecrets->isChecked();
}

void ResponseView::setSecretsShown(bool shown)
{
    m_showSecrets->setChecked(shown);
}

void ResponseView::resetShowSecrets()
{
    const QSignalBlocker blocker(m_showSecrets);
    m_showSecrets->setChecked(false);
}

void ResponseView::renderBody()
{
    if (!m_hasResult) {
        m_body->clear();
        return;
    }
    // A text view holding tens of megabytes freezes the window: show the start, say so. The analysis saw it all.
    constexpr qsizetype kShownBytes = 1024 * 1024;
    const QByteArray full = m_result.response().body;
    const QByteArray raw = full.left(kShownBytes);
    const bool cut = full.size() > raw.size();
    // Every view is redacted like everything else (/.auth/me and token endpoints return tokens), binary bodies
    // too; redaction keeps the bytes around the masks, so Raw still shows the answer as it came.
    const QByteArray shown = secretsShown() ? raw : redaction::redactBody(raw);
    QString text;
    switch (bodyMode()) {
    case BodyMode::Pretty:
        text = m_result.bodyKind == BodyKind::Json && !cut ? prettyJson(shown)
            : m_result.bodyKind == BodyKind::Binary        ? hexDump(shown)
                                                           : QString::fromUtf8(shown);
        break;
    case BodyMode::Raw: text = m_result.bodyKind == BodyKind::Binary ? hexDump(shown) : QString::fromUtf8(shown); break;
    case BodyMode::Hex: text = hexDump(shown); break;
    }
    if (cut)
        text += QStringLiteral("\n… the body is %1; the first %2 are shown.")
                    .arg(formatSize(full.size()), formatSize(raw.size()));
    m_body->setPlainText(text);
}

} // namespace idex::ui
