#pragma once

#include "diagnose/finding.h"
#include "directory/objectnames.h"

#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace idex::ui {

/*! Findings as cards, most severe first: severity icon, title, stable code, evidence, fix, and a copy button.
    When there is nothing to report it says so with the "ok" icon. Reusable by any panel that shows findings. */
class FindingsView : public QWidget
{
    Q_OBJECT
public:
    /*! Scrolls: the cards scroll inside the view (a pane of its own). Grows: the view is as tall as its cards, for a
        place that already scrolls (one scroll area, never one inside another, which hides findings). */
    enum class Fit { Scrolls, Grows };

    explicit FindingsView(QWidget *parent = nullptr, Fit fit = Fit::Scrolls);

    void setFindings(const Findings &findings);
    const Findings &findings() const { return m_findings; }
    /*! What is shown when there are no findings ("No problem found ..."), with the "ok" icon unless told otherwise. */
    void setEmptyText(const QString &text, const QString &iconPath = QStringLiteral(":/icons/ok.svg"));
    QStringList codes() const;
    /*! The names the evidence and the compared values are shown with (Session::objectNames()), from the next
        setFindings() on. */
    void setNames(const ObjectNames &names);

Q_SIGNALS:
    /*! The user pressed an action's button: hand it to Session::perform(). */
    void actionTriggered(const idex::FindingAction &action);

private:
    QWidget *makeCard(const Finding &finding);

    Findings m_findings;
    ObjectNames m_names;
    QVBoxLayout *m_cards = nullptr;
    QString m_emptyText;
    QString m_emptyIcon;
};

/*! ":/icons/error.svg", ":/icons/warning.svg" or ":/icons/info.svg". */
QString severityIconPath(Severity severity);

} // namespace idex::ui
