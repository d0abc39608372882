#include "requestlist.h"

#include "call/callresult.h"
#include "net/redaction.h"
#include "widgets/plaintext.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace idex::ui {

namespace {
enum ItemKind { ScenarioApiItem = 1, AuthMeItem, SavedItem, HistoryItem, HintItem };
constexpr int kKindRole = Qt::UserRole;
constexpr int kValueRole = Qt::UserRole + 1;
constexpr int kMaxHistory = 100;

int kindOf(const QTreeWidgetItem *item)
{
    return item ? item->data(0, kKindRole).toInt() : 0;
}

QTreeWidgetItem *hintItem(QTreeWidgetItem *group, const QString &text, const QString &toolTip)
{
    auto *hint = new QTreeWidgetItem(group, { text });
    hint->setToolTip(0, toolTip);
    hint->setData(0, kKindRole, HintItem);
    hint->setFlags(Qt::NoItemFlags);
    return hint;
}
} // namespace

RequestList::RequestList(QWidget *parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget(this))
    , m_rerun(new QPushButton(QStringLiteral("&Re-run"), this))
    , m_save(new QPushButton(QStringLiteral("&Save…"), this))
    , m_delete(new QPushButton(QStringLiteral("Delete"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 6, 0);
    m_tree->setObjectName(QStringLiteral("requestTree"));
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(false);
    m_tree->setIndentation(12);
    m_tree->setIconSize(QSize(16, 16));
    m_tree->setUniformRowHeights(true);
    m_scenarioGroup = addGroup(QStringLiteral("Emulator scenario"), QStringLiteral("scenario"));
    m_savedGroup = addGroup(QStringLiteral("Saved requests"), QStringLiteral("saved"));
    m_historyGroup = addGroup(QStringLiteral("History (this session)"), QStringLiteral("history"));
    layout->addWidget(m_tree, 1);
    auto *buttons = new QHBoxLayout;
    m_rerun->setObjectName(QStringLiteral("rerunButton"));
    m_rerun->setToolTip(QStringLiteral("Send the selected past request again, with the same token"));
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setToolTip(
        QStringLiteral("Keep this request for later runs (Ctrl+S). Tokens and secret headers are never saved."));
    m_delete->setObjectName(QStringLiteral("deleteButton"));
    m_delete->setToolTip(QStringLiteral("Delete the selected saved request"));
    buttons->addWidget(m_rerun);
    buttons->addWidget(m_save);
    buttons->addWidget(m_delete);
    layout->addLayout(buttons);

    connect(m_save, &QPushButton::clicked, this, &RequestList::saveRequested);
    connect(m_delete, &QPushButton::clicked, this, [this] {
        const QTreeWidgetItem *item = m_tree->currentItem();
        if (kindOf(item) == SavedItem)
            Q_EMIT deleteRequested(item->data(0, kValueRole).toString());
    });
    connect(m_rerun, &QPushButton::clicked, this, [this] {
        const QTreeWidgetItem *item = m_tree->currentItem();
        if (kindOf(item) == HistoryItem)
            Q_EMIT rerunRequested(item->data(0, kValueRole).toInt());
    });
    connect(m_tree, &QTreeWidget::itemActivated, this, &RequestList::activated);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (kindOf(item) == HistoryItem)
            Q_EMIT historySelected(item->data(0, kValueRole).toInt());
        updateButtons();
    });
    updateButtons();
}

QTreeWidgetItem *RequestList::addGroup(const QString &title, const QString &name)
{
    auto *item = new QTreeWidgetItem(m_tree, { title });
    QFont bold = item->font(0);
    bold.setBold(true);
    item->setFont(0, bold);
    item->setFlags(Qt::ItemIsEnabled);
    item->setData(0, Qt::AccessibleTextRole, name);
    item->setExpanded(true);
    return item;
}

void RequestList::showScenarioHint(const QString &text, const QString &toolTip)
{
    qDeleteAll(m_scenarioGroup->takeChildren());
    hintItem(m_scenarioGroup, text, toolTip);
}

void RequestList::setScenarioApis(const QList<ProtectedApi> &apis)
{
    qDeleteAll(m_scenarioGroup->takeChildren());
    for (qsizetype i = 0; i < apis.size(); ++i) {
        const ProtectedApi &api = apis.at(i);
        auto *item = new QTreeWidgetItem(m_scenarioGroup, { QStringLiteral("GET %1").arg(api.url.path()) });
        item->setIcon(0, QIcon(QStringLiteral(":/icons/call.svg")));
        item->setToolTip(0,
            plainToolTip(
                QStringLiteral("%1: needs a token for %2%3")
                    .arg(api.name, api.audience,
                        api.requiredRoles.isEmpty() ? QString()
                                                    : QStringLiteral(" with the app role %1")
                                                          .arg(api.requiredRoles.join(QStringLiteral(" or "))))));
        item->setData(0, kKindRole, ScenarioApiItem);
        item->setData(0, kValueRole, int(i));
    }
    if (!apis.isEmpty()) {
        auto *me = new QTreeWidgetItem(m_scenarioGroup, { QStringLiteral("GET /.auth/me  (who am I?)") });
        me->setIcon(0, QIcon(QStringLiteral(":/icons/info.svg")));
        me->setToolTip(0, QStringLiteral("App Service Authentication's view of the caller: its claims and roles"));
        me->setData(0, kKindRole, AuthMeItem);
    }
}

void RequestList::setSavedRequests(const QList<SavedRequest> &saved)
{
    qDeleteAll(m_savedGroup->takeChildren());
    for (const SavedRequest &request : saved) {
        auto *item = new QTreeWidgetItem(m_savedGroup, { request.name });
        item->setToolTip(0,
            plainToolTip(
                QStringLiteral("%1 %2").arg(QString::fromLatin1(request.method), redaction::redactUrl(request.url))));
        item->setData(0, kKindRole, SavedItem);
        item->setData(0, kValueRole, request.name);
    }
    if (saved.isEmpty()) {
        const QString text = QStringLiteral("None yet: Save… keeps the current request");
        hintItem(m_savedGroup, text, text + QStringLiteral(" (without token or secret headers)"));
    }
    updateButtons();
}

QList<int> RequestList::addHistory(int index, const CallResult &result, const QDateTime &at)
{
    const QString outcome = result.answered() ? QString::number(result.status()) : QStringLiteral("no answer");
    const QUrl &url = result.request().url;
    auto *item = new QTreeWidgetItem(
        { QStringLiteral("%1  %2 %3 → %4")
                .arg(at.toString(QStringLiteral("HH:mm:ss")), QString::fromLatin1(result.request().method),
                    redaction::redactText(url.path().isEmpty() ? url.host() : url.path()), outcome) });
    item->setIcon(
        0, QIcon(result.isSuccess() ? QStringLiteral(":/icons/ok.svg") : QStringLiteral(":/icons/error.svg")));
    item->setToolTip(0, plainToolTip(redaction::redactUrl(url)));
    item->setData(0, kKindRole, HistoryItem);
    item->setData(0, kValueRole, index);
    m_historyGroup->insertChild(0, item);
    // The list is bounded: the oldest items go, and the panel drops what they stood for.
    QList<int> dropped;
    while (m_historyGroup->childCount() > kMaxHistory) {
        QTreeWidgetItem *oldest = m_historyGroup->takeChild(m_historyGroup->childCount() - 1);
        dropped << oldest->data(0, kValueRole).toInt();
        delete oldest;
    }
    return dropped;
}

int RequestList::historySize() const
{
    return m_historyGroup->childCount();
}

void RequestList::setSending(bool sending)
{
    m_sending = sending;
    updateButtons();
}

void RequestList::updateButtons()
{
    const int kind = kindOf(m_tree->currentItem());
    m_rerun->setEnabled(!m_sending && kind == HistoryItem);
    m_delete->setEnabled(kind == SavedItem);
}

void RequestList::activated(QTreeWidgetItem *item)
{
    switch (kindOf(item)) {
    case ScenarioApiItem: Q_EMIT scenarioApiChosen(item->data(0, kValueRole).toInt()); break;
    case AuthMeItem: Q_EMIT authMeChosen(); break;
    case SavedItem: Q_EMIT savedChosen(item->data(0, kValueRole).toString()); break;
    case HistoryItem: Q_EMIT rerunRequested(item->data(0, kValueRole).toInt()); break;
    default: break;
    }
}

} // namespace idex::ui
