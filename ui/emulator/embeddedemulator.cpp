#include "emulator/embeddedemulator.h"

#include "session/session.h"

#include <QMessageBox>
#include <QPointer>
#include <QThread>

namespace idex::ui {

EmbeddedEmulator::EmbeddedEmulator(Session &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    connect(&session, &Session::emulatorSnapshotWanted, this, [this](const QString &path) { switchToSnapshot(path); });
}

EmbeddedEmulator::~EmbeddedEmulator()
{
    // Quitting during start-up: let the key generation finish rather than destroy a running thread.
    if (m_keyWorker) {
        m_keyWorker->wait();
        delete m_keyWorker;
    }
}

bool EmbeddedEmulator::switchScenario(const QString &scenario)
{
    emulator::EmulatorOptions options = m_options;
    options.scenario = scenario;
    options.directory.clear();
    options.port = 0; // the old port may linger in TIME_WAIT; clients follow the Session's URL anyway
    const emulator::EmulatorKeys keys = m_emulator.keys(); // same keys: the switch is instant
    m_session.setEmulator(nullptr);
    return startNow(options, keys);
}

bool EmbeddedEmulator::switchToSnapshot(const QString &snapshotPath)
{
    emulator::EmulatorOptions options = m_options;
    options.directory = snapshotPath;
    options.port = 0;
    const emulator::EmulatorKeys keys = m_emulator.keys();
    m_session.setEmulator(nullptr);
    if (startNow(options, keys))
        return true;
    // A snapshot the emulator refuses leaves the previous scenario running, not nothing.
    const QString why = m_error;
    options.directory.clear();
    startNow(options, keys);
    m_error = why;
    return false;
}

bool EmbeddedEmulator::startNow(const emulator::EmulatorOptions &options, const emulator::EmulatorKeys &keys)
{
    m_options = options;
    m_error.clear();
    const bool started
        = keys.isValid() ? m_emulator.start(options, keys, &m_error) : m_emulator.start(options, &m_error);
    if (!started) {
        m_session.setActiveSource(QStringLiteral("Emulator not running: %1").arg(m_error));
        Q_EMIT failed(m_error);
        return false;
    }
    m_session.setEmulator(&m_emulator);
    m_session.setActiveSource(QStringLiteral("Emulator (%1) on %2:%3")
                                  .arg(m_emulator.scenario().name, m_emulator.baseUrl().host())
                                  .arg(m_emulator.baseUrl().port()));
    Q_EMIT runStarted();
    return true;
}

std::shared_future<EmbeddedEmulator::GeneratedKeys> EmbeddedEmulator::searchKeys()
{
    // RSA key generation takes from 0.1 s to seconds: never on the GUI thread.
    return std::async(std::launch::async, [] {
        GeneratedKeys generated;
        generated.keys = emulator::Emulator::generateKeys(&generated.error);
        return generated;
    }).share();
}

std::shared_future<EmbeddedEmulator::GeneratedKeys> EmbeddedEmulator::readyKeys(const emulator::EmulatorKeys &keys)
{
    std::promise<GeneratedKeys> ready;
    ready.set_value(GeneratedKeys { keys, {} });
    return ready.get_future().share();
}

void EmbeddedEmulator::startLater(
    const emulator::EmulatorOptions &options, QWidget *parentForMessages, std::shared_future<GeneratedKeys> search)
{
    if (m_keyWorker)
        return; // a start is already on its way
    if (!search.valid())
        search = searchKeys();
    QPointer<QWidget> parent(parentForMessages);
    auto keys = std::make_shared<emulator::EmulatorKeys>();
    auto keyError = std::make_shared<QString>();
    // Waits for the search off the GUI thread; its end is signalled to this one.
    m_keyWorker = QThread::create([search, keys, keyError] {
        *keys = search.get().keys;
        *keyError = search.get().error;
    });
    connect(m_keyWorker, &QThread::finished, this, [this, options, parent, keys, keyError] {
        m_keyWorker->deleteLater();
        m_keyWorker = nullptr;
        if (!keys->isValid()) {
            m_error = *keyError;
            m_session.setActiveSource(QStringLiteral("Emulator not running: %1").arg(m_error));
            Q_EMIT failed(m_error);
        } else if (m_emulator.isRunning()) {
            return; // a switch (a lesson's Reset, the scenario picker) started a run meanwhile: it stays
        } else if (startNow(options, *keys)) {
            return;
        }
        if (!parent)
            return;
        auto *box = new QMessageBox(QMessageBox::Warning, QStringLiteral("Emulator not started"),
            QStringLiteral("The built-in emulator could not start, so the Emulator source is unavailable.\n\n%1\n\n"
                           "Everything else works: pick a real managed identity endpoint, or run "
                           "`idex emulator` in a terminal and point the app at it.")
                .arg(m_error),
            QMessageBox::Ok, parent);
        box->setTextFormat(Qt::PlainText); // the error may quote a scenario file
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setModal(false);
        box->show();
    });
    m_keyWorker->start();
}

} // namespace idex::ui
