#include "workspace.h"

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

} // namespace idex::ui
