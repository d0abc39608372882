#pragma once

#include "call/clientprincipal.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QTableWidget;

namespace idex::ui {

/*! The caller as App Service Authentication (Easy Auth) sees it: the claims of a /.auth/me answer, or of an
    X-MS-CLIENT-PRINCIPAL value pasted here (Base64 JSON), with Easy Auth's long claim URIs named by their JWT names. */
class PrincipalView : public QWidget
{
    Q_OBJECT
public:
    explicit PrincipalView(QWidget *parent = nullptr);

    void showPrincipal(const ClientPrincipal &principal, const QString &origin);
    void clear();
    /*! Decodes what is in the paste box; false with the reason shown when it is not a client principal. */
    bool decodePasted();

    const ClientPrincipal &principal() const { return m_principal; }

private:
    ClientPrincipal m_principal;
    QLineEdit *m_input;
    QLabel *m_summary;
    QTableWidget *m_claims;
};

} // namespace idex::ui
