#pragma once

#include "call/protectedapi.h"
#include "call/savedrequest.h"

#include <QWidget>

class QDateTime;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace idex {
struct CallResult;
}

namespace idex::ui {

/*! The Test call panel's list of requests to send: the emulator scenario's protected functions (and /.auth/me), the
    saved requests and the session's history, with Re-run, Save and Delete. It shows and asks; the panel acts. */
class RequestList : public QWidget
{
    Q_OBJECT
public:
    explicit RequestList(QWidget *parent = nullptr);

    /*! The scenario's protected functions as ready-made requests (index i stands for apis[i]), /.auth/me after. */
    void setScenarioApis(const QList<ProtectedApi> &apis);
    /*! No ready-made requests: \a text says why, \a toolTip what to do. */
    void showScenarioHint(const QString &text, const QString &toolTip);
    void setSavedRequests(const QList<SavedRequest> &saved);
    /*! The call \a index of the panel's history, newest first; returns the indexes that fell off the bounded list. */
    QList<int> addHistory(int index, const CallResult &result, const QDateTime &at);
    int historySize() const;
    /*! While a call runs nothing is re-run. */
    void setSending(bool sending);
    QTreeWidget *tree() const { return m_tree; }

Q_SIGNALS:
    void scenarioApiChosen(int index);
    void authMeChosen();
    void savedChosen(const QString &name);
    void historySelected(int index);
    void rerunRequested(int index);
    void saveRequested();
    void deleteRequested(const QString &savedName);

private:
    QTreeWidgetItem *addGroup(const QString &title, const QString &name);
    void activated(QTreeWidgetItem *item);
    void updateButtons();

    bool m_sending = false;
    QTreeWidget *m_tree;
    QTreeWidgetItem *m_scenarioGroup;
    QTreeWidgetItem *m_savedGroup;
    QTreeWidgetItem *m_historyGroup;
    QPushButton *m_rerun;
    QPushButton *m_save;
    QPushButton *m_delete;
};

} // namespace idex::ui
