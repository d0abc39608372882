#include "embeddedemulator.h"

#include "workspace.h"

#include <QMessageBox>
#include <QPointer>
#include <QTimer>

namespace idex::ui {

EmbeddedEmulator::EmbeddedEmulator(Workspace &workspace, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
{
}

bool EmbeddedEmulator::switchScenario(const QString &scenario)
{
    emulator::EmulatorOptions options = m_options;
    options.scenario = scenario;
    options.port = 0; // the old port may linger in TIME_WAIT; clients follow the Workspace's URL anyway
    m_workspace.setEmulator(nullptr);
    return startNow(options);
}

bool EmbeddedEmulator::startNow(const emulator::EmulatorOptions &options)
{
    m_options = options;
    m_error.clear();
    if (!m_emulator.start(options, &m_error)) {
        m_workspace.setActiveSource(QStringLiteral("Emulator not running: %1").arg(m_error));
        Q_EMIT failed(m_error);
        return false;
    }
    m_workspace.setEmulator(&m_emulator);
    m_workspace.setActiveSource(QStringLiteral("Emulator (%1) on %2:%3")
                                    .arg(m_emulator.scenario().name, m_emulator.baseUrl().host())
                                    .arg(m_emulator.baseUrl().port()));
    return true;
}

void EmbeddedEmulator::startLater(const emulator::EmulatorOptions &options, QWidget *parentForMessages)
{
    QPointer<QWidget> parent(parentForMessages);
    QTimer::singleShot(0, this, [this, options, parent] {
        if (startNow(options) || !parent)
            return;
        auto *box = new QMessageBox(QMessageBox::Warning, QStringLiteral("Emulator not started"),
                                    QStringLiteral("The built-in emulator could not start, so the Emulator source is unavailable.\n\n%1\n\n"
                                                   "Everything else works: pick a real managed identity endpoint, or run "
                                                   "`idex emulator` in a terminal and point the app at it.")
                                        .arg(m_error),
                                    QMessageBox::Ok, parent);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setModal(false);
        box->show();
    });
}

} // namespace idex::ui
