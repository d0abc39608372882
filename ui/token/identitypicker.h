#pragma once

#include "identity/tokenresult.h"
#include "session/identitychoices.h"

#include <QWidget>

class QComboBox;
class QLineEdit;

namespace idex::ui {

/*! Which managed identity asks for the token: system-assigned, or a user-assigned one picked by name from the
    scenario's or the directory's identities (its client, object or resource ID filled in for the kind chosen), or
    typed / pasted as an ID. */
class IdentityPicker : public QWidget
{
    Q_OBJECT
public:
    explicit IdentityPicker(QWidget *parent = nullptr);

    IdentitySelector selector() const;
    /*! The identities offered by name; the one picked stays picked when it is still offered. */
    void setChoices(const QList<IdentityChoice> &choices);
    const QList<IdentityChoice> &choices() const { return m_choices; }
    /*! Picks the identity named \a name (switching a system-assigned kind to "by client ID"); false if unknown. */
    bool pick(const QString &name);

    QComboBox *kindCombo() const { return m_kind; }
    QComboBox *namedCombo() const { return m_named; }
    QLineEdit *idEdit() const { return m_id; }

Q_SIGNALS:
    void changed();

private:
    void fillFromPicked();
    void updateRows();

    QList<IdentityChoice> m_choices;
    QComboBox *m_kind;
    QComboBox *m_named;
    QLineEdit *m_id;
    bool m_filling = false;
};

} // namespace idex::ui
