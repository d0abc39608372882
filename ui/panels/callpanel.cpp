#include "callpanel.h"

#include "panels/placeholder.h"
#include "workspace.h"

#include <QVBoxLayout>

namespace idex::ui {

// TODO(#6): the real panel replaces this placeholder.
CallPanel::CallPanel(Workspace &workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(makePlaceholder(QStringLiteral(":/icons/call.svg"), QStringLiteral("Call a protected API with the token and see why it answers as it does."), 6));
}

} // namespace idex::ui
