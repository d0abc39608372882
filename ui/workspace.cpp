#include "workspace.h"

#include "directory/directory.h"
#include "emulator/emulator.h"

namespace idex::ui {

Workspace::Workspace(QObject *parent)
    : QObject(parent)
{
}

void Workspace::setCurrentToken(const TokenResult &token)
{
    m_currentToken = token;
    Q_EMIT currentTokenChanged(m_currentToken);
}

void Workspace::setActiveSource(const QString &description)
{
    if (m_activeSource == description)
        return;
    m_activeSource = description;
    Q_EMIT activeSourceChanged(m_activeSource);
}

void Workspace::setEmulatorUrl(const QUrl &url)
{
    if (m_emulatorUrl == url)
        return;
    m_emulatorUrl = url;
    Q_EMIT emulatorUrlChanged(m_emulatorUrl);
}

void Workspace::setEmulator(emulator::Emulator *emulator)
{
    m_emulator = emulator;
    m_emulatorGuard = emulator;
    setEmulatorUrl(emulator && emulator->isRunning() ? emulator->baseUrl() : QUrl());
    Q_EMIT emulatorChanged();
}

QByteArray Workspace::emulatorAdminToken() const
{
    const emulator::Emulator *e = emulator();
    return e ? e->adminToken() : QByteArray();
}

void Workspace::rememberToken(const TokenResult &token)
{
    if (!token.isValid())
        return;
    // The same token again (from the cache) moves to the front instead of appearing twice.
    for (qsizetype i = 0; i < m_tokenHistory.size(); ++i) {
        if (m_tokenHistory.at(i).accessToken == token.accessToken) {
            m_tokenHistory.removeAt(i);
            break;
        }
    }
    m_tokenHistory.prepend(token);
    while (m_tokenHistory.size() > kTokenHistorySize)
        m_tokenHistory.removeLast();
    Q_EMIT tokenHistoryChanged();
}

void Workspace::setCurrentExpectation(const Expectation &expectation)
{
    m_expectation = expectation;
    Q_EMIT currentExpectationChanged(m_expectation);
}

void Workspace::setDirectory(const Directory &directory)
{
    m_directory = std::make_shared<const Directory>(directory);
    Q_EMIT directoryChanged();
}

void Workspace::clearDirectory()
{
    if (!m_directory)
        return;
    m_directory.reset();
    Q_EMIT directoryChanged();
}

} // namespace idex::ui
