#include "directorydetails.h"

#include "directory/directory.h"
#include "directory/directorygraph.h"
#include "widgets/labels.h"
#include "widgets/plaintext.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace idex::ui {

namespace {
QPushButton *copyButton(const QString &text, const QString &tip, QWidget *parent)
{
    auto *b = new QPushButton(QIcon(QStringLiteral(":/icons/copy.svg")), text, parent);
    b->setToolTip(tip);
    return b;
}

QString yesNo(bool value)
{
    return value ? QStringLiteral("true") : QStringLiteral("false");
}
} // namespace

DirectoryDetails::DirectoryDetails(QWidget *parent)
    : QGroupBox(QStringLiteral("Details"), parent)
    , m_tree(new QTreeWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    m_tree->setObjectName(QStringLiteral("directoryDetails"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({ QStringLiteral("Property"), QStringLiteral("Value") });
    m_tree->setRootIsDecorated(false);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    auto *copyValue
        = copyButton(QStringLiteral("Copy value"), QStringLiteral("Copy the selected value (Ctrl+C)"), this);
    auto *copyAll = copyButton(QStringLiteral("Copy all"), QStringLiteral("Copy every property as text"), this);
    auto *copyRow = new QHBoxLayout;
    copyRow->addWidget(copyValue);
    copyRow->addWidget(copyAll);
    copyRow->addStretch();
    layout->addWidget(m_tree);
    layout->addLayout(copyRow);
    connect(copyValue, &QPushButton::clicked, this, [this] {
        if (auto *item = m_tree->currentItem())
            QApplication::clipboard()->setText(item->text(1));
    });
    connect(copyAll, &QPushButton::clicked, this, [this] {
        QStringList lines;
        for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
            lines << m_tree->topLevelItem(i)->text(0) + QStringLiteral(": ") + m_tree->topLevelItem(i)->text(1);
        QApplication::clipboard()->setText(lines.join(u'\n'));
    });
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this,
        [](QTreeWidgetItem *item) { QApplication::clipboard()->setText(item->text(1)); });
}

void DirectoryDetails::add(const QString &name, const QString &value)
{
    auto *item = new QTreeWidgetItem(m_tree, { name, value });
    item->setToolTip(1, plainToolTip(value));
    item->setFont(1, fixedFont());
}

void DirectoryDetails::changeEvent(QEvent *event)
{
    // An item keeps the font it was given: presenter mode's new size reaches the values shown already this way.
    if (event->type() == QEvent::FontChange) {
        const QFont font = fixedFont();
        for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
            m_tree->topLevelItem(i)->setFont(1, font);
    }
    QGroupBox::changeEvent(event);
}

void DirectoryDetails::showSummary(const Directory &directory, const DirectoryGraph &graph)
{
    add(QStringLiteral("Directory"),
        directory.sourceDescription.isEmpty() ? QStringLiteral("(nothing loaded)") : directory.sourceDescription);
    add(QStringLiteral("Tenant"), directory.tenantId);
    add(QStringLiteral("Applications"), QString::number(directory.applications().size()));
    add(QStringLiteral("Service principals"), QString::number(directory.servicePrincipals().size()));
    add(QStringLiteral("App role assignments"), QString::number(directory.assignments().size()));
    add(QStringLiteral("Shown"), QStringLiteral("%1 nodes, %2 edges").arg(graph.nodes.size()).arg(graph.edges.size()));
}

void DirectoryDetails::showNode(const Directory &directory, const DirectoryGraph &graph, int node)
{
    m_tree->clear();
    if (node < 0 || node >= graph.nodes.size()) {
        showSummary(directory, graph);
        return;
    }
    const GraphNode &n = graph.nodes.at(node);
    add(QStringLiteral("Kind"), DirectoryGraph::kindName(n.kind));
    if (n.kind == GraphNode::Kind::AppRole) {
        const auto role = directory.role(n.resourceId, n.objectId);
        add(QStringLiteral("value"), n.label);
        add(QStringLiteral("id"), n.objectId);
        if (role) {
            add(QStringLiteral("displayName"), role->displayName);
            add(QStringLiteral("description"), role->description);
            add(QStringLiteral("allowedMemberTypes"), role->allowedMemberTypes.join(QStringLiteral(", ")));
            add(QStringLiteral("isEnabled"), yesNo(role->isEnabled));
        }
        add(QStringLiteral("defined by"),
            directory.displayNameOf(n.resourceId) + QStringLiteral(" (") + n.resourceId + u')');
        add(QStringLiteral("holders"), QString::number(graph.edgesOf(node).size() - 1));
    } else if (const ServicePrincipal *sp = directory.servicePrincipal(n.objectId)) {
        add(QStringLiteral("displayName"), sp->displayName);
        add(QStringLiteral("id (object id, oid)"), sp->id);
        add(QStringLiteral("appId (client id)"), sp->appId);
        add(QStringLiteral("servicePrincipalType"), sp->servicePrincipalType);
        if (sp->isManagedIdentity()) {
            add(QStringLiteral("managed identity"), sp->kindLabel());
            add(QStringLiteral("ARM resource id"), sp->armResourceId());
        }
        add(QStringLiteral("alternativeNames"), sp->alternativeNames.join(QStringLiteral(", ")));
        add(QStringLiteral("servicePrincipalNames"), sp->servicePrincipalNames.join(QStringLiteral(", ")));
        add(QStringLiteral("appRoleAssignmentRequired"), yesNo(sp->appRoleAssignmentRequired));
        QStringList roles;
        for (const AppRole &r : directory.rolesOf(*sp))
            roles << r.value;
        add(QStringLiteral("appRoles"), roles.join(QStringLiteral(", ")));
        add(QStringLiteral("holds"),
            QStringLiteral("%1 assignment(s)").arg(directory.assignmentsHeldBy(sp->id).size()));
        add(QStringLiteral("granted to others"),
            QStringLiteral("%1 assignment(s)").arg(directory.assignmentsOn(sp->id).size()));
        if (!sp->appOwnerOrganizationId.isEmpty())
            add(QStringLiteral("appOwnerOrganizationId"), sp->appOwnerOrganizationId);
    } else if (const Application *app = directory.application(n.objectId)) {
        add(QStringLiteral("displayName"), app->displayName);
        add(QStringLiteral("id (object id)"), app->id);
        add(QStringLiteral("appId (client id)"), app->appId);
        add(QStringLiteral("identifierUris"), app->identifierUris.join(QStringLiteral(", ")));
        add(QStringLiteral("requestedAccessTokenVersion"),
            app->requestedAccessTokenVersion ? QString::number(*app->requestedAccessTokenVersion)
                                             : QStringLiteral("null (v1)"));
        QStringList roles;
        for (const AppRole &r : app->appRoles)
            roles << r.value;
        add(QStringLiteral("appRoles"), roles.join(QStringLiteral(", ")));
        const ServicePrincipal *own = directory.servicePrincipalByAppId(app->appId);
        add(QStringLiteral("service principal"), own ? own->id : QStringLiteral("none in this tenant"));
    } else {
        add(QStringLiteral("displayName"), n.label);
        add(QStringLiteral("id"), n.objectId);
        add(QStringLiteral("details"), n.sublabel);
    }
}

} // namespace idex::ui
