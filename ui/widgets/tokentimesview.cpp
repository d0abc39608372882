#include "tokentimesview.h"

#include "jwt/tokentimes.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>
#include <QVBoxLayout>

namespace idex::ui {

namespace {

const char *const kTitles[3] = { "Issued (iat)", "Not before (nbf)", "Expires (exp)" };

QString clockText(qint64 seconds)
{
    seconds = qAbs(seconds);
    const qint64 days = seconds / 86400;
    const QString hms = QStringLiteral("%1:%2:%3")
                            .arg((seconds % 86400) / 3600, 2, 10, QLatin1Char('0'))
                            .arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'))
                            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return days ? QStringLiteral("%1 d %2").arg(days).arg(hms) : hms;
}

} // namespace

TokenTimesView::TokenTimesView(QWidget *parent)
    : QFrame(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
    , m_status(new QLabel(this))
    , m_countdown(new QLabel(this))
    , m_lifetime(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_timer(new QTimer(this))
{
    setFrameShape(QFrame::StyledPanel);
    setObjectName(QStringLiteral("tokenTimes"));
    m_status->setObjectName(QStringLiteral("timesStatus"));
    // "Within its lifetime · expires in 59 min" in a bold 115% font: wraps rather than hold a narrow panel wide.
    m_status->setWordWrap(true);
    m_countdown->setObjectName(QStringLiteral("timesCountdown"));
    QFont big = m_status->font();
    big.setPointSizeF(big.pointSizeF() * 1.15);
    big.setBold(true);
    m_status->setFont(big);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(big.pointSizeF());
    m_countdown->setFont(mono);
    m_countdown->setToolTip(QStringLiteral("Time left until exp (validators allow 5 more minutes of clock skew)"));
    m_bar->setTextVisible(false);
    m_bar->setMaximumHeight(6);
    m_bar->setToolTip(QStringLiteral("Share of the token's lifetime already used"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(m_countdown);
    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(18);
    for (int i = 0; i < 3; ++i) {
        auto *title
            = new QLabel(QStringLiteral("<span style='color:gray'>%1</span>").arg(QLatin1String(kTitles[i])), this);
        m_columns[i] = new QLabel(this);
        m_columns[i]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        grid->addWidget(title, 0, i);
        grid->addWidget(m_columns[i], 1, i);
    }
    grid->addWidget(new QLabel(QStringLiteral("<span style='color:gray'>Lifetime</span>"), this), 0, 3);
    grid->addWidget(m_lifetime, 1, 3);
    grid->setColumnStretch(4, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(6);
    layout->addLayout(top);
    layout->addWidget(m_bar);
    layout->addLayout(grid);

    connect(m_timer, &QTimer::timeout, this, &TokenTimesView::refresh);
    m_timer->start(1000);
    clear();
}

void TokenTimesView::setClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
    refresh();
}

void TokenTimesView::setToken(const DecodedToken &token)
{
    m_token = token;
    m_hasToken = true;
    m_lastState = -1;
    refresh();
}

void TokenTimesView::clear()
{
    m_hasToken = false;
    m_token = DecodedToken();
    refresh();
}

QString TokenTimesView::statusText() const
{
    return m_status->text();
}

QString TokenTimesView::countdownText() const
{
    return m_countdown->text();
}

void TokenTimesView::refresh()
{
    if (!m_hasToken) {
        m_status->setText(QStringLiteral("No token"));
        m_status->setStyleSheet({});
        m_countdown->clear();
        m_lifetime->setText(QStringLiteral("\u2014"));
        for (QLabel *column : m_columns)
            column->setText(QStringLiteral("\u2014"));
        m_bar->setRange(0, 1);
        m_bar->setValue(0);
        return;
    }
    const QDateTime now = m_clock();
    const TokenTimes times = TokenTimes::of(m_token, now);
    const std::optional<QDateTime> values[3] = { times.issuedAt, times.notBefore, times.expiresAt };
    for (int i = 0; i < 3; ++i) {
        if (!values[i]) {
            m_columns[i]->setText(QStringLiteral("<span style='color:gray'>absent</span>"));
            continue;
        }
        // Local time only when it differs from UTC (servers and jumpboxes often run in UTC).
        const bool localIsUtc = values[i]->toLocalTime().offsetFromUtc() == 0;
        m_columns[i]->setText(
            QStringLiteral("%1<br>%2<span style='color:gray'>%3</span>")
                .arg(formatUtc(*values[i]), localIsUtc ? QString() : formatLocal(*values[i]) + QStringLiteral("<br>"),
                    relativeTime(*values[i], now)));
    }
    const std::optional<qint64> lifetime = times.lifetimeSeconds();
    m_lifetime->setText(lifetime ? formatDuration(*lifetime) : QStringLiteral("unknown"));

    QString state;
    QString colour;
    switch (times.state) {
    // "Valid" is the verdict's word (signature and expectation); the times strip speaks of the lifetime only.
    case TokenTimes::State::Valid:
        state = QStringLiteral("Within its lifetime");
        colour = QStringLiteral("#107c10");
        break;
    case TokenTimes::State::ExpiredSkew:
        state = QStringLiteral("Expired (within skew)");
        colour = QStringLiteral("#c18500");
        break;
    case TokenTimes::State::NotYetValidSkew:
        state = QStringLiteral("Not yet valid (within skew)");
        colour = QStringLiteral("#c18500");
        break;
    case TokenTimes::State::Expired:
        state = QStringLiteral("Expired");
        colour = QStringLiteral("#d13438");
        break;
    case TokenTimes::State::NotYetValid:
        state = QStringLiteral("Not yet valid");
        colour = QStringLiteral("#d13438");
        break;
    case TokenTimes::State::NoExpiry:
        state = QStringLiteral("No expiry");
        colour = QStringLiteral("#d13438");
        break;
    }
    m_status->setText(QStringLiteral("%1 \u00b7 %2").arg(state, times.summary(now)));
    m_status->setStyleSheet(QStringLiteral("color: %1;").arg(colour));
    m_countdown->setText(times.expiresAt
            ? (times.secondsLeft >= 0 ? QString() : QStringLiteral("-")) + clockText(times.secondsLeft)
            : QString());
    if (lifetime && *lifetime > 0 && times.expiresAt) {
        const qint64 used = qBound<qint64>(0, *lifetime - times.secondsLeft, *lifetime);
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(used * 1000 / *lifetime));
    } else {
        m_bar->setRange(0, 1);
        m_bar->setValue(times.state == TokenTimes::State::Valid ? 0 : 1);
    }
    if (m_lastState != int(times.state)) {
        const bool first = m_lastState == -1;
        m_lastState = int(times.state);
        if (!first)
            Q_EMIT stateChanged();
    }
}

} // namespace idex::ui
