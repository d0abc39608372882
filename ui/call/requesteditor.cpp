#include "requesteditor.h"

#include "keyvaluetable.h"
#include "widgets/jsonhighlighter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace idex::ui {

RequestEditor::RequestEditor(QWidget *parent)
    : QWidget(parent)
    , m_rows(new QVBoxLayout(this))
    , m_line(new QHBoxLayout)
    , m_method(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_tabs(new QTabWidget(this))
    , m_params(new KeyValueTable(QStringLiteral("Parameter"), QStringLiteral("Value"), this))
    , m_headers(new KeyValueTable(QStringLiteral("Header"), QStringLiteral("Value"), this))
    , m_body(new QPlainTextEdit(this))
    , m_ignoreTls(new QCheckBox(QStringLiteral("Ignore TLS certificate errors"), this))
    , m_tlsWarning(new QLabel(this))
{
    m_method->setObjectName(QStringLiteral("methodCombo"));
    m_url->setObjectName(QStringLiteral("urlEdit"));
    m_tabs->setObjectName(QStringLiteral("requestTabs"));
    m_params->setObjectName(QStringLiteral("paramsTable"));
    m_headers->setObjectName(QStringLiteral("headersTable"));
    m_body->setObjectName(QStringLiteral("requestBody"));
    m_ignoreTls->setObjectName(QStringLiteral("ignoreTlsCheck"));
    m_tlsWarning->setObjectName(QStringLiteral("tlsWarning"));

    m_rows->setContentsMargins(0, 0, 0, 0);
    m_rows->setSpacing(6);

    m_method->setEditable(true);
    m_method->addItems({ QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("PATCH"),
        QStringLiteral("DELETE"), QStringLiteral("HEAD"), QStringLiteral("OPTIONS") });
    m_method->setMinimumContentsLength(7);
    m_method->setToolTip(QStringLiteral("HTTP method"));
    m_url->setPlaceholderText(QStringLiteral("https://<function-app>.azurewebsites.net/api/<function>"));
    m_url->setClearButtonEnabled(true);
    m_url->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_url->setToolTip(QStringLiteral("The protected API to call (Ctrl+L)"));
    m_line->setSpacing(6);
    m_line->addWidget(m_method);
    m_line->addWidget(m_url, 1);
    m_rows->addLayout(m_line);

    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setPlaceholderText(QStringLiteral("Request body (JSON is highlighted). Empty for GET."));
    m_body->setTabChangesFocus(true);
    m_body->setMinimumHeight(m_body->fontMetrics().lineSpacing() * 2 + 10);
    new JsonHighlighter(m_body->document());
    m_tabs->addTab(m_params, QStringLiteral("&Params"));
    m_tabs->addTab(m_headers, QStringLiteral("H&eaders"));
    m_tabs->addTab(m_body, QStringLiteral("B&ody"));

    auto *tlsPage = new QWidget(this);
    auto *tlsLayout = new QVBoxLayout(tlsPage);
    m_ignoreTls->setToolTip(QStringLiteral("For this request only: accept a certificate that fails validation"));
    m_tlsWarning->setText(QStringLiteral("⚠  Certificate errors are ignored for this request: anyone on the network "
                                         "path could read the token. Use only against a test server."));
    m_tlsWarning->setWordWrap(true);
    m_tlsWarning->setStyleSheet(
        QStringLiteral("QLabel { background: #fff3e0; color: #8a4b00; border: 1px solid #ffb74d;"
                       " border-radius: 4px; padding: 6px; }"));
    m_tlsWarning->setVisible(false);
    tlsLayout->addWidget(m_ignoreTls);
    tlsLayout->addWidget(m_tlsWarning);
    tlsLayout->addStretch(1);
    m_tabs->addTab(tlsPage, QStringLiteral("&TLS"));
    m_rows->addWidget(m_tabs, 1);

    // What a person changes (not what setRequest() loads): the panel then leaves the editor alone.
    const auto touched = [this] {
        if (!m_syncing)
            m_edited = true;
    };
    connect(m_url, &QLineEdit::textEdited, this, touched);
    connect(m_params, &KeyValueTable::edited, this, touched);
    connect(m_headers, &KeyValueTable::edited, this, touched);
    connect(m_body, &QPlainTextEdit::textChanged, this, touched);
    connect(m_method, &QComboBox::activated, this, touched);
    connect(m_url, &QLineEdit::textEdited, this, &RequestEditor::urlEdited);
    connect(m_params, &KeyValueTable::edited, this, &RequestEditor::paramsEdited);
    connect(m_headers, &KeyValueTable::edited, this, &RequestEditor::changed);
    connect(m_body, &QPlainTextEdit::textChanged, this, &RequestEditor::changed);
    connect(m_method, &QComboBox::currentTextChanged, this, &RequestEditor::changed);
    connect(m_ignoreTls, &QCheckBox::toggled, this, [this](bool on) {
        m_tlsWarning->setVisible(on);
        // The tab title carries the warning too, so it stays visible from the other tabs.
        m_tabs->setTabText(3, on ? QStringLiteral("⚠ &TLS errors ignored") : QStringLiteral("&TLS"));
        Q_EMIT changed();
    });
}

void RequestEditor::insertRow(QLayout *row)
{
    m_rows->insertLayout(1, row);
}

QString RequestEditor::urlText() const
{
    return m_url->text().trimmed();
}

HttpRequest RequestEditor::request() const
{
    HttpRequest request;
    request.method = m_method->currentText().trimmed().toUpper().toLatin1();
    if (request.method.isEmpty())
        request.method = "GET";
    const QUrl url = QUrl::fromUserInput(urlText());
    if (url.isValid() && !url.host().isEmpty() && !urlText().isEmpty())
        request.url = url;
    for (const auto &[name, value] : m_headers->pairs())
        request.headers.append({ name.toLatin1(), value.toUtf8() });
    request.body = m_body->toPlainText().toUtf8();
    request.ignoreTlsErrors = m_ignoreTls->isChecked();
    request.timeout = std::chrono::milliseconds(30000);
    return request;
}

void RequestEditor::setRequest(const HttpRequest &request)
{
    m_syncing = true;
    m_method->setCurrentText(QString::fromLatin1(request.method));
    m_url->setText(request.url.toString());
    KeyValueTable::Pairs headers;
    for (const auto &[name, value] : request.headers)
        headers.append({ QString::fromLatin1(name), QString::fromUtf8(value) });
    m_headers->setPairs(headers);
    m_body->setPlainText(QString::fromUtf8(request.body));
    m_ignoreTls->setChecked(false);
    m_syncing = false;
    urlEdited();
    m_edited = false;
}

void RequestEditor::urlEdited()
{
    if (m_syncing)
        return;
    m_syncing = true;
    KeyValueTable::Pairs pairs;
    const QUrl url = QUrl::fromUserInput(urlText());
    for (const auto &[name, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
        pairs.append({ name, value });
    m_params->setPairs(pairs);
    m_syncing = false;
    Q_EMIT changed();
}

void RequestEditor::paramsEdited()
{
    if (m_syncing)
        return;
    m_syncing = true;
    QUrl url = QUrl::fromUserInput(urlText());
    QUrlQuery query;
    for (const auto &[name, value] : m_params->pairs())
        query.addQueryItem(name, value);
    url.setQuery(query);
    if (query.isEmpty())
        url.setQuery(QString());
    m_url->setText(url.toString());
    m_syncing = false;
    Q_EMIT changed();
}

} // namespace idex::ui
