#pragma once

#include "diagnose/diagnosis.h"

#include <QGroupBox>
#include <QList>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace idex::ui {

/*! "What the API expects" of the Claims panel: audience, issuer, roles, client ID, token version and app-only,
    typed or taken from a preset (the API under test, a protected API of the emulator's scenario). Every edit says
    changed(); the panel re-runs the diagnosis with expectation(). */
class ExpectationForm : public QGroupBox
{
    Q_OBJECT
public:
    struct Preset
    {
        QString label; ///< "aad-func (/api/aad-func)"
        Expectation expectation;
    };

    explicit ExpectationForm(QWidget *parent = nullptr);

    Expectation expectation() const;
    /*! Fills the fields with \a expectation (the preset stays as chosen), then says changed() once. */
    void setExpectation(const Expectation &expectation);
    /*! The presets after "Custom (typed below)", which stays first; the fields keep what they hold. */
    void setPresets(const QList<Preset> &presets);
    /*! Chooses preset \a index (0 is Custom) and fills the fields with it. */
    void choosePreset(int index);

Q_SIGNALS:
    void changed();

private:
    QList<Preset> m_presets;
    QComboBox *m_preset;
    QLineEdit *m_audience;
    QLineEdit *m_issuer;
    QLineEdit *m_roles;
    QLineEdit *m_clientId;
    QComboBox *m_version;
    QCheckBox *m_appOnly;
};

} // namespace idex::ui
