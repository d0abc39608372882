#pragma once

#include "emulator/emulator.h"

#include <QObject>

#include <future>

class QThread;
class QWidget;

namespace idex {
class Session;
}

namespace idex::ui {

/*! Starts the built-in emulator (scenario seed, ephemeral loopback port) when the GUI starts and publishes it to
    the Session. Start-up runs from the event loop after the window is shown, so the window never waits on key
    generation; a failure is reported without a modal dialog and the app keeps working with real endpoints. */
class EmbeddedEmulator : public QObject
{
    Q_OBJECT
public:
    EmbeddedEmulator(Session &session, QObject *parent = nullptr);
    ~EmbeddedEmulator() override;

    /*! The emulator's keys, or why there are none. */
    struct GeneratedKeys
    {
        emulator::EmulatorKeys keys;
        QString error;
    };
    /*! Begins the key search on a worker thread now: the GUI begins it before it builds its window, since the first
        token needs the keys and their search takes longer than building the window. */
    static std::shared_future<GeneratedKeys> searchKeys();
    /*! Keys already made, in the same form. */
    static std::shared_future<GeneratedKeys> readyKeys(const emulator::EmulatorKeys &keys);

    /*! Starts on this thread once the keys are there (\a keys from searchKeys(), or a search begun now);
        \a parentForMessages receives the non-modal failure notice. */
    void startLater(const emulator::EmulatorOptions &options, QWidget *parentForMessages,
        std::shared_future<GeneratedKeys> keys = {});
    bool startNow(const emulator::EmulatorOptions &options, const emulator::EmulatorKeys &keys = {});
    /*! Restarts with another scenario (built-in name or file) on a new ephemeral port; the Session follows. */
    bool switchScenario(const QString &scenario);
    /*! Restarts on a directory snapshot (EmulatorOptions::directory): your tenant, offline. Also runs when the
        Session is asked to (Session::openSnapshotInEmulator). */
    bool switchToSnapshot(const QString &snapshotPath);
    emulator::Emulator &emulator() { return m_emulator; }
    QString lastError() const { return m_error; }

Q_SIGNALS:
    void failed(const QString &message);
    /*! A run began (first start, scenario switch, snapshot): whatever shows the emulator refreshes. */
    void runStarted();

private:
    Session &m_session;
    emulator::Emulator m_emulator;
    emulator::EmulatorOptions m_options;
    QString m_error;
    QThread *m_keyWorker = nullptr;
};

} // namespace idex::ui
