#pragma once

#include "diagnose/finding.h"
#include "identity/tokenfailure.h"
#include "widgets/statuscard.h"

class QLabel;
class QVBoxLayout;

namespace idex::ui {

/*! Why no token came back: the title, the endpoint's words, how to fix it, the error code, and the actions that apply
    (the lesson that teaches this failure). Everything shown goes through the redaction layer. */
class TokenFailureCard : public StatusCard
{
    Q_OBJECT
public:
    explicit TokenFailureCard(QWidget *parent = nullptr);

    /*! Shows \a failure with \a fix (the failure's own, or one the panel made more precise) and \a actions as
        buttons. */
    void setFailure(const TokenFailure &failure, const QString &fix, const QList<FindingAction> &actions);

Q_SIGNALS:
    /*! The user pressed an action's button: hand it to Session::perform(). */
    void actionTriggered(const idex::FindingAction &action);

private:
    QLabel *m_detail;
    QLabel *m_fix;
    QLabel *m_meta;
    QVBoxLayout *m_actions;
};

} // namespace idex::ui
