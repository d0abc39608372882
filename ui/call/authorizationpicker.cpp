#include "authorizationpicker.h"

#include "jwt/decodedtoken.h"
#include "session/session.h"
#include "window/uizoom.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace idex::ui {

namespace {

const QString kCurrent = QStringLiteral("current");
const QString kNone = QStringLiteral("none");
const QString kPasted = QStringLiteral("pasted");
const QString kHistoryPrefix = QStringLiteral("history:");

QString relativeExpiry(const QDateTime &expiresOn)
{
    if (!expiresOn.isValid())
        return {};
    const qint64 seconds = QDateTime::currentDateTimeUtc().secsTo(expiresOn);
    if (seconds < 0)
        return QStringLiteral("expired %1 min ago").arg(-seconds / 60);
    if (seconds < 2 * 3600)
        return QStringLiteral("expires in %1 min").arg((seconds + 59) / 60);
    return QStringLiteral("expires in %1 h").arg(seconds / 3600);
}

/*! "aud api://x · roles DoAll · appid 1234…" for the token about to be sent: what a person checks first. */
QString tokenSummary(const QString &token)
{
    if (token.isEmpty())
        return QStringLiteral("No Authorization header will be sent.");
    const DecodeResult decoded = decodeToken(token);
    if (!decoded.ok())
        return QStringLiteral("Not a JWT (%1): sent as it is.").arg(decoded.message);
    QStringList parts { QStringLiteral("aud %1").arg(decoded.token.audience()) };
    const QStringList roles = decoded.token.roles();
    parts << (roles.isEmpty() ? QStringLiteral("no roles")
                              : QStringLiteral("roles %1").arg(roles.join(QStringLiteral(", "))));
    if (!decoded.token.clientId().isEmpty())
        parts << QStringLiteral("appid %1").arg(decoded.token.clientId());
    if (const auto exp = decoded.token.claimTime(QStringLiteral("exp")))
        parts << relativeExpiry(*exp);
    return parts.join(QStringLiteral("  ·  "));
}

} // namespace

AuthorizationPicker::AuthorizationPicker(Session &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_choice(new QComboBox(this))
    , m_pasted(new QLineEdit(this))
    , m_info(new QLabel(this))
{
    auto *authRow = new QHBoxLayout;
    authRow->setSpacing(6);
    auto *authLabel = new QLabel(QStringLiteral("&Authorization:"), this);
    m_choice->setObjectName(QStringLiteral("authCombo"));
    m_choice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_choice->setMinimumContentsLength(24); // the token's name and audience; elided beyond, whole in the list
    authLabel->setBuddy(m_choice);
    m_pasted->setObjectName(QStringLiteral("pastedTokenEdit"));
    UiZoom::markSecret(m_pasted);
    m_pasted->setPlaceholderText(QStringLiteral("Paste a token (eyJ…), \"Bearer …\" or a URL with #access_token="));
    m_pasted->setEchoMode(QLineEdit::Password);
    m_pasted->setClearButtonEnabled(true);
    m_info->setObjectName(QStringLiteral("authInfo"));
    m_info->setForegroundRole(QPalette::PlaceholderText);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_info->setTextFormat(Qt::PlainText); // audience and roles of the token
    authRow->addWidget(authLabel);
    authRow->addWidget(m_choice);
    authRow->addWidget(m_pasted, 1);
    authRow->addStretch(0);
    // What the chosen token carries goes on a line of its own: long audiences must not squeeze the pickers.
    auto *rows = new QVBoxLayout(this);
    rows->setContentsMargins(0, 0, 0, 0);
    rows->setSpacing(2);
    rows->addLayout(authRow);
    m_info->setIndent(authLabel->sizeHint().width() + 6);
    m_info->setWordWrap(true);
    rows->addWidget(m_info);
    connect(m_choice, &QComboBox::currentIndexChanged, this, [this] {
        updateInfo();
        Q_EMIT changed();
    });
    connect(m_pasted, &QLineEdit::textChanged, this, [this] {
        updateInfo();
        Q_EMIT changed();
    });
    refresh();
}

void AuthorizationPicker::refresh()
{
    const QString previous = m_choice->currentData().toString();
    const QSignalBlocker blocker(m_choice);
    m_choice->clear();
    const TokenResult &current = m_session.currentToken();
    const EmulatorRun currentEnded = m_session.currentTokenEndedRun();
    m_choice->addItem(!current.isValid() ? QStringLiteral("Current token (none yet)")
            : currentEnded.isValid()
            ? QStringLiteral("Current token (%1), from the emulator's previous run").arg(current.resource)
            : QStringLiteral("Current token (%1)").arg(current.resource),
        kCurrent);
    m_choice->addItem(QStringLiteral("No token"), kNone);
    const QList<TokenResult> history = m_session.tokenHistory();
    for (qsizetype i = 0; i < history.size(); ++i) {
        const TokenResult &token = history.at(i);
        if (token.accessToken == current.accessToken)
            continue;
        m_choice->addItem(
            QStringLiteral("Earlier: %1 via %2, %3%4")
                .arg(token.resource, token.sourceName,
                    token.obtainedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                    m_session.endedRunOf(token.accessToken).isValid() ? QStringLiteral(" (previous emulator run)")
                                                                      : QString()),
            QString(kHistoryPrefix + QString::number(i)));
    }
    m_choice->addItem(QStringLiteral("Pasted token"), kPasted);
    for (int i = 0; i < m_choice->count(); ++i)
        m_choice->setItemData(i, m_choice->itemText(i), Qt::ToolTipRole);
    const int index = m_choice->findData(previous);
    m_choice->setCurrentIndex(index >= 0 ? index : 0);
    updateInfo();
}

AuthorizationMode AuthorizationPicker::mode() const
{
    const QString choice = m_choice->currentData().toString();
    return choice == kNone   ? AuthorizationMode::None
        : choice == kCurrent ? AuthorizationMode::CurrentToken
                             : AuthorizationMode::OtherToken;
}

void AuthorizationPicker::choose(AuthorizationMode mode)
{
    const QString choice = mode == AuthorizationMode::None ? kNone
        : mode == AuthorizationMode::OtherToken            ? kPasted
                                                           : kCurrent;
    m_choice->setCurrentIndex(qMax(0, m_choice->findData(choice)));
}

QString AuthorizationPicker::chosenToken() const
{
    const QString choice = m_choice->currentData().toString();
    if (choice == kCurrent)
        return m_session.currentToken().accessToken;
    if (choice == kPasted) {
        const QString token = extractCompactToken(m_pasted->text());
        return token.isEmpty() ? m_pasted->text().trimmed() : token;
    }
    if (choice.startsWith(kHistoryPrefix))
        return m_session.tokenHistory().value(choice.mid(kHistoryPrefix.size()).toInt()).accessToken;
    return {};
}

void AuthorizationPicker::updateInfo()
{
    const QString choice = m_choice->currentData().toString();
    m_pasted->setVisible(choice == kPasted);
    const QString token = chosenToken();
    const EmulatorRun ended = choice == kNone ? EmulatorRun() : m_session.endedRunOf(token);
    m_info->setText(choice != kNone && token.isEmpty()
            ? QStringLiteral("No token yet: get one in the Token panel, or choose another option.")
            : ended.isValid() ? QStringLiteral("\u26a0 This token was issued by the emulator's previous run (%1). Get "
                                               "a new one in the Token panel. %2")
                                    .arg(ended.describe(), tokenSummary(token))
                              : tokenSummary(choice == kNone ? QString() : token));
}

} // namespace idex::ui
