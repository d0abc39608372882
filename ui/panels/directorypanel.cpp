#include "directorypanel.h"

#include "panels/placeholder.h"
#include "workspace.h"

#include <QVBoxLayout>

namespace idex::ui {

// TODO(#7): the real panel replaces this placeholder.
DirectoryPanel::DirectoryPanel(Workspace &workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(makePlaceholder(QStringLiteral(":/icons/directory.svg"), QStringLiteral("See which identity holds which app role on which API."), 7));
}

} // namespace idex::ui
