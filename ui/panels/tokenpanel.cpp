#include "tokenpanel.h"

#include "panels/placeholder.h"
#include "workspace.h"

#include <QVBoxLayout>

namespace idex::ui {

// TODO(#4): the real panel replaces this placeholder.
TokenPanel::TokenPanel(Workspace &workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(makePlaceholder(QStringLiteral(":/icons/token.svg"), QStringLiteral("Get a managed identity token from any source, and see exactly how it was obtained."), 4));
}

} // namespace idex::ui
