#pragma once

#include <QGroupBox>

class QLabel;
class QProgressBar;
class QPushButton;

namespace idex {
struct DecodedToken;
}

namespace idex::ui {

/*! The Signature box of the Claims panel: the token's signature verdict in words (icon, title, detail with the keys
    used and how far they are trusted) and the two ways to check it, through OpenID discovery from iss or offline
    with a key file. It asks (verifyRequested, keyFileChosen); the panel verifies. */
class SignatureBox : public QGroupBox
{
    Q_OBJECT
public:
    explicit SignatureBox(QWidget *parent = nullptr);

    /*! Shows \a token's verdict (null: no token, nothing to verify) and ends any "Verifying…". */
    void showToken(const DecodedToken *token);
    /*! "Verifying…" while the issuer's keys are fetched: the Verify button waits. */
    void showVerifying();

Q_SIGNALS:
    void verifyRequested();
    void keyFileChosen(const QString &path);

private:
    QLabel *m_icon;
    QLabel *m_title;
    QLabel *m_detail;
    QPushButton *m_verify;
    QPushButton *m_keyFile;
    QProgressBar *m_progress;
};

} // namespace idex::ui
