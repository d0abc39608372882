#include "tokenresultcard.h"

#include "directory/objectnames.h"
#include "net/redaction.h"
#include "widgets/labels.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace idex::ui {

namespace {

QString describeRemaining(qint64 seconds)
{
    const bool past = seconds < 0;
    qint64 s = qAbs(seconds);
    QString text;
    if (s >= 3600)
        text = QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    else if (s >= 60)
        text = QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    else
        text = QStringLiteral("%1 s").arg(s);
    return past ? QStringLiteral("expired %1 ago").arg(text) : QStringLiteral("in %1").arg(text);
}

QString utc(const QDateTime &when)
{
    return QLocale::c().toString(when.toUTC(), QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

} // namespace

TokenResultCard::TokenResultCard(QWidget *parent)
    : StatusCard(QStringLiteral("resultCard"), Tone::Ok, parent)
    , m_resource(valueLabel(this, QStringLiteral("resultResource"), true))
    , m_expiry(valueLabel(this, QStringLiteral("expiryLabel")))
    , m_source(valueLabel(this, QStringLiteral("resultSource")))
    , m_identity(valueLabel(this, QStringLiteral("resultIdentity")))
    , m_endpoint(valueLabel(this, QStringLiteral("resultEndpoint"), true))
    , m_obtained(valueLabel(this, QStringLiteral("resultObtained")))
    , m_cache(valueLabel(this, QStringLiteral("fromCacheLabel")))
    , m_bypassCaches(new QPushButton(QStringLiteral("Bypass both caches"), this))
    , m_token(valueLabel(this, QStringLiteral("maskedToken"), true))
    , m_copyToken(new QToolButton(this))
{
    titleLabel()->setObjectName(QStringLiteral("resultTitle"));
    m_expiry->setTextFormat(Qt::RichText); // only our own figures and colours (updateExpiry)

    auto *grid = new QGridLayout;
    grid->setColumnStretch(1, 1);
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(4);
    const auto addRow = [grid, this](const QString &caption, QWidget *field, Qt::Alignment align = Qt::AlignVCenter) {
        const int row = grid->count() == 0 ? 0 : grid->rowCount();
        auto *label = new QLabel(caption, this);
        label->setAlignment(Qt::AlignRight | align);
        grid->addWidget(label, row, 0);
        grid->addWidget(field, row, 1);
    };
    addRow(QStringLiteral("Resource:"), m_resource);
    addRow(QStringLiteral("Expires:"), m_expiry);
    addRow(QStringLiteral("Source:"), m_source);
    addRow(QStringLiteral("Identity:"), m_identity);
    addRow(QStringLiteral("Endpoint:"), m_endpoint);
    addRow(QStringLiteral("Obtained:"), m_obtained);

    // Which cache answered, and, when it was the endpoint's own, the one action that goes past both.
    auto *cacheRow = new QWidget(this);
    auto *cacheLayout = new QHBoxLayout(cacheRow);
    cacheLayout->setContentsMargins(0, 0, 0, 0);
    cacheLayout->addWidget(m_cache, 1);
    m_bypassCaches->setParent(cacheRow);
    m_bypassCaches->setObjectName(QStringLiteral("bypassCachesButton"));
    m_bypassCaches->setToolTip(
        QStringLiteral("Flush the emulator's token cache (its stand-in for the platform's), then ask again "
                       "past this app's cache: a brand-new token. In Azure: restart the calling app."));
    m_bypassCaches->hide();
    connect(m_bypassCaches, &QPushButton::clicked, this, &TokenResultCard::bypassCachesRequested);
    cacheLayout->addWidget(m_bypassCaches, 0, Qt::AlignTop);
    addRow(QStringLiteral("Cache:"), cacheRow);

    auto *tokenRow = new QWidget(this);
    auto *tokenLayout = new QHBoxLayout(tokenRow);
    tokenLayout->setContentsMargins(0, 0, 0, 0);
    m_token->setParent(tokenRow);
    m_token->setToolTip(QStringLiteral("The token is masked here; Copy token puts the raw token on the clipboard."));
    m_copyToken->setParent(tokenRow);
    m_copyToken->setObjectName(QStringLiteral("copyTokenButton"));
    m_copyToken->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    m_copyToken->setText(QStringLiteral("Copy token"));
    m_copyToken->setToolTip(QStringLiteral("Copy the raw access token to the clipboard"));
    m_copyToken->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_copyToken, &QToolButton::clicked, this, &TokenResultCard::copyTokenRequested);
    tokenLayout->addWidget(m_token, 1);
    tokenLayout->addWidget(m_copyToken);
    addRow(QStringLiteral("Token:"), tokenRow, Qt::AlignTop);
    body()->addLayout(grid);
}

void TokenResultCard::setToken(
    const TokenResult &token, const ObjectNames &names, const TokenFreshness &freshness, bool offerBypass)
{
    m_expiresOn = token.expiresOn;
    setTitle(token.fromCache ? QStringLiteral("Token from the cache") : QStringLiteral("Token received"));
    m_resource->setText(token.resource.isEmpty() ? QStringLiteral("(not given)") : token.resource);
    m_source->setText(token.sourceName);
    QString identity = token.identity.describe();
    if (!token.clientId.isEmpty() && token.clientId.compare(token.identity.value, Qt::CaseInsensitive) != 0)
        identity += QStringLiteral(" · client ID %1").arg(token.clientId);
    // The name first when the scenario or the directory knows the identity: "idex-reader · user-assigned, …".
    const ObjectName *known = names.find(!token.clientId.isEmpty()
            ? token.clientId
            : (token.identity.isSystemAssigned() ? QString() : token.identity.value));
    if (known)
        identity = known->name + QStringLiteral(" \u00b7 ") + identity;
    m_identity->setText(identity);
    m_endpoint->setText(redaction::redactText(token.endpoint));
    m_obtained->setText(utc(token.obtainedAt));
    m_cache->setText(freshness.text);
    m_cache->setProperty("freshness", freshness.kindName());
    m_bypassCaches->setVisible(offerBypass);
    m_token->setText(redaction::maskToken(token.accessToken));
}

void TokenResultCard::updateExpiry(const QDateTime &now)
{
    if (!m_expiresOn.isValid()) {
        m_expiry->setText(QStringLiteral("unknown (the source gave no expiry)"));
        return;
    }
    const qint64 seconds = now.secsTo(m_expiresOn);
    const QString color = seconds < 0 ? QStringLiteral("#b3261e")
        : seconds < 300               ? QStringLiteral("#a34d00")
                                      : QStringLiteral("#1e7e34");
    m_expiry->setText(QStringLiteral("<span style='color:%1'><b>%2</b></span> &nbsp;(%3)")
                          .arg(color, describeRemaining(seconds), utc(m_expiresOn)));
}

} // namespace idex::ui
