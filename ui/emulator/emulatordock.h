#pragma once

#include <QDockWidget>

class QComboBox;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QSpinBox;
class QToolButton;

namespace idex::ui {

class EmbeddedEmulator;

/*! The embedded emulator at a glance, for demos and debugging: where it listens, its scenario, the live request log
    (redacted), and the admin operations (flush the token cache, rotate the signing key, inject or clear faults,
    turn system-assigned identities on or off, shift the clock, switch scenario). Works on the in-process emulator
    through its public operations. */
class EmulatorDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit EmulatorDock(EmbeddedEmulator &embedded, QWidget *parent = nullptr);

    QPlainTextEdit *log() const { return m_log; }
    QComboBox *scenarioBox() const { return m_scenario; }
    QToolButton *flushButton() const { return m_flush; }
    QToolButton *rotateButton() const { return m_rotate; }
    QToolButton *faultButton() const { return m_fault; }
    QToolButton *clearFaultsButton() const { return m_clearFaults; }
    QToolButton *identitiesButton() const { return m_identities; }
    QSpinBox *clockSkewBox() const { return m_clockSkew; }
    QLabel *statusLabel() const { return m_status; }
    /*! The selected scenario's description and expected outcome, under the picker. */
    QLabel *scenarioInfoLabel() const { return m_scenarioInfo; }

private:
    void connectEmulator();
    QWidget *buildClockSkew();
    void fillIdentityMenu(QMenu *menu);
    void refresh();
    void showScenarioInfo();
    void appendLog(const QString &line);

    EmbeddedEmulator &m_embedded;
    QComboBox *m_scenario;
    QLabel *m_status;
    QLabel *m_scenarioInfo;
    QLabel *m_faults;
    QToolButton *m_flush;
    QToolButton *m_rotate;
    QToolButton *m_fault;
    QToolButton *m_clearFaults;
    QToolButton *m_identities;
    QSpinBox *m_clockSkew = nullptr;
    QPlainTextEdit *m_log;
};

} // namespace idex::ui
