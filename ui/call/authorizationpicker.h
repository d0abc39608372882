#pragma once

#include "call/savedrequest.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

namespace idex {
class Session;
}

namespace idex::ui {

/*! The Test call panel's Authorization choice: the session's current token, no token, an earlier token of the
    session or a pasted one (its field masked), and one line on what the chosen token carries (audience, roles,
    expiry, whether it came from the emulator's previous run). */
class AuthorizationPicker : public QWidget
{
    Q_OBJECT
public:
    explicit AuthorizationPicker(Session &session, QWidget *parent = nullptr);

    /*! Lists the session's tokens again (after a new token or emulator run), keeping the choice when it still is. */
    void refresh();
    /*! How a saved request records the choice: an earlier or pasted token is "another token". */
    AuthorizationMode mode() const;
    void choose(AuthorizationMode mode);
    /*! The token to send; empty for "No token" or when the chosen one is not there. In memory only. */
    QString chosenToken() const;

Q_SIGNALS:
    void changed();

private:
    void updateInfo();

    Session &m_session;
    QComboBox *m_choice;
    QLineEdit *m_pasted;
    QLabel *m_info;
};

} // namespace idex::ui
