#include "claimspanel.h"

#include "panels/placeholder.h"
#include "workspace.h"

#include <QVBoxLayout>

namespace idex::ui {

// TODO(#5): the real panel replaces this placeholder.
ClaimsPanel::ClaimsPanel(Workspace &workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(makePlaceholder(QStringLiteral(":/icons/claims.svg"), QStringLiteral("Decode, verify and explain the current token, offline."), 5));
}

} // namespace idex::ui
