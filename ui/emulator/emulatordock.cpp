#include "emulator/emulatordock.h"

#include "emulator/embeddedemulator.h"
#include "emulator/scenariosummary.h"
#include "widgets/flowlayout.h"
#include "widgets/plaintext.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace idex::ui {

namespace {

QToolButton *toolButton(const QString &text, const QString &tip, const QString &icon = {})
{
    auto *button = new QToolButton;
    button->setText(text);
    button->setToolTip(tip);
    if (!icon.isEmpty()) {
        button->setIcon(QIcon(icon));
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    }
    button->setAutoRaise(false);
    return button;
}

constexpr int kExpectedRole = Qt::UserRole + 1; // the scenario's expected outcome, in words

emulator::Fault fault(emulator::Fault::Kind kind, const QString &route, int count = 0)
{
    emulator::Fault f;
    f.kind = kind;
    f.route = route;
    f.count = count;
    return f;
}

} // namespace

EmulatorDock::EmulatorDock(EmbeddedEmulator &embedded, QWidget *parent)
    : QDockWidget(QStringLiteral("Emulator"), parent)
    , m_embedded(embedded)
{
    setObjectName(QStringLiteral("emulatorDock"));
    auto *body = new QWidget;
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(8, 6, 8, 8);
    layout->setSpacing(6);

    auto *top = new QHBoxLayout;
    top->setSpacing(6);
    auto *icon = new QLabel;
    icon->setPixmap(QIcon(QStringLiteral(":/icons/emulator.svg")).pixmap(18, 18));
    top->addWidget(icon);
    m_status = new QLabel;
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    top->addWidget(m_status, 1);
    top->addWidget(new QLabel(QStringLiteral("Scenario:")));
    m_scenario = new QComboBox;
    m_scenario->setObjectName(QStringLiteral("scenarioBox"));
    m_scenario->setToolTip(QStringLiteral("Restart the emulator with another built-in scenario (a classic failure)"));
    // Each scenario says what it is about and what the call should do, in the list (tooltips) and below it.
    for (const QString &name : emulator::builtInScenarioNames()) {
        const emulator::ScenarioSummary summary = emulator::builtInScenarioSummary(name);
        m_scenario->addItem(name, summary.description);
        const int row = m_scenario->count() - 1;
        m_scenario->setItemData(row, summary.expected, kExpectedRole);
        QString tip = summary.description;
        if (!summary.expected.isEmpty())
            tip += QStringLiteral("\nExpected: ") + summary.expected;
        if (!summary.explanation.isEmpty())
            tip += QStringLiteral("\n\n") + summary.explanation;
        m_scenario->setItemData(row, tip, Qt::ToolTipRole);
    }
    top->addWidget(m_scenario);
    layout->addLayout(top);
    m_scenarioInfo = new QLabel;
    m_scenarioInfo->setObjectName(QStringLiteral("scenarioDescription"));
    m_scenarioInfo->setWordWrap(true);
    m_scenarioInfo->setTextFormat(Qt::PlainText);
    m_scenarioInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_scenarioInfo);

    // One row of buttons when the dock is wide; beside the Lessons dock at 1024x700 (about 420 px) or at 200% they
    // wrap onto more rows rather than scroll sideways or push each other out of sight.
    auto *actions = new FlowLayout;
    actions->setSpacing(6);
    m_flush = toolButton(QStringLiteral("Flush token cache"),
        QStringLiteral("Forget the cached tokens, like waiting 24 hours: the next token shows new role assignments"));
    m_rotate = toolButton(QStringLiteral("Rotate signing key"),
        QStringLiteral("Publish a new signing key and sign with it; old keys stay published"));
    m_fault = toolButton(QStringLiteral("Inject fault"),
        QStringLiteral("Make the managed identity endpoints misbehave like Azure sometimes does"),
        QStringLiteral(":/icons/warning.svg"));
    m_fault->setPopupMode(QToolButton::InstantPopup);
    m_clearFaults = toolButton(QStringLiteral("Clear faults"), QStringLiteral("Remove every injected fault"));
    auto *copy = toolButton(QStringLiteral("Copy log"), QStringLiteral("Copy the request log (already redacted)"),
        QStringLiteral(":/icons/copy.svg"));
    auto *clear = toolButton(QStringLiteral("Clear log"), QStringLiteral("Empty the request log"));
    m_identities = toolButton(QStringLiteral("Identities"),
        QStringLiteral("Turn a host's system-assigned identity on or off, as the portal's Identity > System assigned "
                       "does: turned on again, it is a new service principal without its role assignments"),
        QStringLiteral(":/icons/identity.svg"));
    m_identities->setPopupMode(QToolButton::InstantPopup);
    auto *identityMenu = new QMenu(m_identities);
    identityMenu->setObjectName(QStringLiteral("identityMenu"));
    connect(identityMenu, &QMenu::aboutToShow, this, [this, identityMenu] { fillIdentityMenu(identityMenu); });
    m_identities->setMenu(identityMenu);
    for (QToolButton *b : { m_flush, m_rotate, m_fault, m_clearFaults, m_identities })
        actions->addWidget(b);
    actions->addWidget(buildClockSkew());
    // The faults in force sit beside the buttons that change them (a line of its own costs the panels their rows),
    // taking what is left of their row; the log's buttons end it.
    m_faults = new QLabel;
    m_faults->setWordWrap(true);
    m_faults->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    actions->addWidget(m_faults);
    actions->addWidget(copy);
    actions->addWidget(clear);
    layout->addLayout(actions);

    m_log = new QPlainTextEdit;
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setMinimumHeight(m_log->fontMetrics().lineSpacing() * 2 + 10); // a small window keeps two lines
    m_log->setPlaceholderText(QStringLiteral("Every request the emulator serves appears here, secrets redacted."));
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    layout->addWidget(m_log, 1);
    // Scrolls rather than widens the window: at 200% (presenter mode) its row of buttons is wider than 1280 px.
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(body);
    setWidget(scroll);

    auto *menu = new QMenu(m_fault);
    using K = emulator::Fault::Kind;
    const QList<QPair<QString, emulator::Fault>> presets {
        { QStringLiteral("IMDS: 500 for the next 3 requests"),
            [] {
                auto f = fault(K::Status, QStringLiteral("imds"), 3);
                f.status = 500;
                return f;
            }() },
        { QStringLiteral("IMDS: 429 throttled twice (Retry-After 3 s)"),
            [] {
                auto f = fault(K::Throttle, QStringLiteral("imds"), 2);
                f.retryAfterSeconds = 3;
                return f;
            }() },
        { QStringLiteral("IMDS: 410 upgrade window (70 s)"), fault(K::UpgradeWindow, QStringLiteral("imds")) },
        { QStringLiteral("All endpoints: 2 s latency"),
            [] {
                auto f = fault(K::Latency, QStringLiteral("*"));
                f.latencyMs = 2000;
                return f;
            }() },
        { QStringLiteral("All endpoints: identity not found"), fault(K::IdentityNotFound, QStringLiteral("*")) },
        { QStringLiteral("Tokens: already expired"), fault(K::ExpiredToken, QStringLiteral("*")) },
        { QStringLiteral("Tokens: not valid for another hour"), fault(K::NotYetValidToken, QStringLiteral("*")) },
        { QStringLiteral("Tokens: signed with an unpublished key"), fault(K::KeyRollover, QStringLiteral("*")) },
    };
    for (const auto &preset : presets) {
        const emulator::Fault f = preset.second;
        menu->addAction(preset.first, this, [this, f] { m_embedded.emulator().setFault(f); });
    }
    m_fault->setMenu(menu);

    connect(m_flush, &QToolButton::clicked, this, [this] {
        const int n = m_embedded.emulator().flushTokenCache();
        appendLog(QStringLiteral("admin: flushed %1 cached token(s)").arg(n));
    });
    connect(m_rotate, &QToolButton::clicked, this, [this] {
        const QByteArray kid = m_embedded.emulator().rotateSigningKey(true);
        appendLog(QStringLiteral("admin: new signing key %1").arg(QString::fromLatin1(kid)));
    });
    connect(m_clearFaults, &QToolButton::clicked, this, [this] { m_embedded.emulator().clearFaults(); });
    connect(copy, &QToolButton::clicked, this, [this] { QApplication::clipboard()->setText(m_log->toPlainText()); });
    connect(clear, &QToolButton::clicked, m_log, &QPlainTextEdit::clear);
    connect(m_scenario, &QComboBox::currentIndexChanged, this, &EmulatorDock::showScenarioInfo);
    connect(m_scenario, &QComboBox::activated, this, [this](int index) {
        const QString name = m_scenario->itemText(index);
        if (name == m_embedded.emulator().scenario().name && m_embedded.emulator().isRunning())
            return;
        appendLog(QStringLiteral("admin: switching to scenario %1").arg(name));
        m_embedded.switchScenario(name);
        refresh();
    });
    // A switch sent from elsewhere (Directory > Open snapshot in the emulator) shows here too.
    connect(&m_embedded, &EmbeddedEmulator::runStarted, this, &EmulatorDock::refresh);
    connect(&m_embedded, &EmbeddedEmulator::failed, this, [this](const QString &message) {
        appendLog(QStringLiteral("emulator not running: ") + message);
        refresh();
    });
    connectEmulator();
    refresh();
    showScenarioInfo();
}

QWidget *EmulatorDock::buildClockSkew()
{
    // Label and box stay together when the row of buttons wraps.
    auto *box = new QWidget;
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(4);
    auto *label = new QLabel(QStringLiteral("Clock skew:"), box);
    m_clockSkew = new QSpinBox(box);
    m_clockSkew->setObjectName(QStringLiteral("clockSkewBox"));
    m_clockSkew->setRange(-emulator::Emulator::maxClockSkewSeconds, emulator::Emulator::maxClockSkewSeconds);
    m_clockSkew->setSingleStep(60);
    m_clockSkew->setSuffix(QStringLiteral(" s"));
    m_clockSkew->setKeyboardTracking(false); // typed digits apply on Enter, not one request per key
    m_clockSkew->setToolTip(QStringLiteral("Shift the token service's clock: iat, nbf and exp of new tokens move by "
                                           "this many seconds (+600: valid only 10 minutes from now, refused as not "
                                           "yet valid; minus more than a token's lifetime: already expired)"));
    label->setBuddy(m_clockSkew);
    row->addWidget(label);
    row->addWidget(m_clockSkew);
    connect(m_clockSkew, &QSpinBox::valueChanged, this, [this](int seconds) {
        if (seconds == m_embedded.emulator().clockSkew())
            return; // nothing to change
        m_embedded.emulator().setClockSkew(seconds);
        appendLog(QStringLiteral("admin: clock skew %1 s (new tokens only)").arg(seconds));
    });
    return box;
}

void EmulatorDock::fillIdentityMenu(QMenu *menu)
{
    // Built when it opens: the scenario may have switched, and a lesson may have turned an identity on or off.
    menu->clear();
    for (const emulator::Identity &identity : m_embedded.emulator().scenario().identities) {
        if (!identity.isSystem())
            continue;
        QAction *action = menu->addAction(QStringLiteral("%1: system-assigned identity").arg(identity.name));
        action->setCheckable(true);
        action->setChecked(identity.enabled);
        const QString name = identity.name;
        connect(action, &QAction::toggled, this, [this, name](bool on) {
            QString error;
            if (!m_embedded.emulator().setSystemIdentityEnabled(name, on, &error))
                appendLog(QStringLiteral("admin: ") + error);
            else
                appendLog(on ? QStringLiteral("admin: %1's system-assigned identity on (a new service principal, no "
                                              "role assignments)")
                                   .arg(name)
                             : QStringLiteral("admin: %1's system-assigned identity off").arg(name));
        });
    }
    if (menu->isEmpty())
        menu->addAction(QStringLiteral("No host with a system-assigned identity"))->setEnabled(false);
}

void EmulatorDock::connectEmulator()
{
    emulator::Emulator &e = m_embedded.emulator();
    connect(&e, &emulator::Emulator::requestServed, this, [this](const QString &line) {
        appendLog(line);
        refresh();
    });
    connect(&e, &emulator::Emulator::scenarioChanged, this, &EmulatorDock::refresh);
}

void EmulatorDock::showScenarioInfo()
{
    const int index = m_scenario->currentIndex();
    if (index < 0) {
        // A snapshot run: its own description, when it has one.
        const emulator::Emulator &e = m_embedded.emulator();
        m_scenarioInfo->setText(e.isRunning() ? e.scenario().description : QString());
        m_scenarioInfo->setToolTip({});
        return;
    }
    const QString description = m_scenario->itemData(index).toString();
    const QString expected = m_scenario->itemData(index, kExpectedRole).toString();
    m_scenarioInfo->setText(
        expected.isEmpty() ? description : QStringLiteral("%1  Expected: %2").arg(description, expected));
    m_scenarioInfo->setToolTip(m_scenario->itemData(index, Qt::ToolTipRole).toString());
}

void EmulatorDock::appendLog(const QString &line)
{
    m_log->appendPlainText(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz  ")) + line);
}

void EmulatorDock::refresh()
{
    emulator::Emulator &e = m_embedded.emulator();
    const bool running = e.isRunning();
    for (QToolButton *b : { m_flush, m_rotate, m_fault, m_clearFaults, m_identities })
        b->setEnabled(running);
    m_clockSkew->setEnabled(running);
    if (running && m_clockSkew->value() != e.clockSkew()) {
        const QSignalBlocker quiet(m_clockSkew); // set by a lesson or the admin API: shown, not sent back
        m_clockSkew->setValue(e.clockSkew());
    }
    if (!running) {
        m_status->setText(QStringLiteral("<b>Not running</b>  %1").arg(m_embedded.lastError().toHtmlEscaped()));
        m_faults->clear();
        return;
    }
    // A snapshot run (Directory > Open snapshot in the emulator) is no built-in scenario: the box says so.
    m_scenario->setPlaceholderText(QStringLiteral("(snapshot)"));
    m_scenario->setCurrentIndex(m_scenario->findText(e.scenario().name));
    m_status->setText(QStringLiteral("<b>%1</b> on %2 &nbsp;·&nbsp; %3 request(s) &nbsp;·&nbsp; %4 cached token(s) "
                                     "&nbsp;·&nbsp; %5 published key(s)")
                          .arg(e.scenario().name.toHtmlEscaped(), e.baseUrl().toString().toHtmlEscaped())
                          .arg(e.requestCount())
                          .arg(e.tokenCacheSize())
                          .arg(e.publishedKeyIds().size()));
    QStringList faults;
    for (const emulator::Fault &f : e.faults())
        faults << QStringLiteral("%1 on %2").arg(emulator::Fault::kindName(f.kind), f.route);
    m_faults->setText(faults.isEmpty() ? QStringLiteral("No faults injected.")
                                       : QStringLiteral("<span style='color:#b45309'><b>Active faults:</b> %1</span>")
                                             .arg(faults.join(QStringLiteral(", ")).toHtmlEscaped()));
    m_faults->setToolTip(plainToolTip(e.scenario().walkthrough.explanation));
}

} // namespace idex::ui
