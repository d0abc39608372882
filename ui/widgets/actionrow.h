#pragma once

#include "diagnose/finding.h"

#include <QWidget>

namespace idex::ui {

/*! One action of a finding (or of a failure): its button, which hands the action back through triggered(), and the
    equivalent command for people who apply the fix in Azure, with a copy button. The button is named
    "action-<kind>" (FindingAction::kindName()), the command label "actionCommand". */
class ActionRow : public QWidget
{
    Q_OBJECT
public:
    explicit ActionRow(const FindingAction &action, QWidget *parent = nullptr);

    const FindingAction &action() const { return m_action; }

Q_SIGNALS:
    /*! The user pressed the button: hand the action to Session::perform(). */
    void triggered(const idex::FindingAction &action);

private:
    FindingAction m_action;
};

} // namespace idex::ui
