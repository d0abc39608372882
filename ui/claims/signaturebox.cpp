#include "signaturebox.h"

#include "jwt/decodedtoken.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace idex::ui {

SignatureBox::SignatureBox(QWidget *parent)
    : QGroupBox(QStringLiteral("Signature"), parent)
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_detail(new QLabel(this))
    , m_verify(new QPushButton(QStringLiteral("&Verify signature"), this))
    , m_keyFile(new QPushButton(QStringLiteral("Use JWKS &file\u2026"), this))
    , m_progress(new QProgressBar(this))
{
    setObjectName(QStringLiteral("signatureBox"));
    auto *layout = new QVBoxLayout(this);
    auto *row = new QHBoxLayout;
    m_title->setObjectName(QStringLiteral("signatureTitle"));
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    row->addWidget(m_icon);
    row->addWidget(m_title, 1);
    layout->addLayout(row);
    m_detail->setObjectName(QStringLiteral("signatureDetail"));
    m_detail->setTextFormat(Qt::PlainText); // quotes the token's header, key-set hosts and the issuer's answers
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_detail);

    auto *buttons = new QHBoxLayout;
    m_verify->setObjectName(QStringLiteral("verifyButton"));
    m_verify->setToolTip(
        QStringLiteral("Fetch the issuer's keys through OpenID discovery from iss (contacts the issuer), then "
                       "check the signature (Ctrl+Shift+S)"));
    m_verify->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(m_verify, &QPushButton::clicked, this, &SignatureBox::verifyRequested);
    m_keyFile->setObjectName(QStringLiteral("jwksButton"));
    m_keyFile->setToolTip(QStringLiteral("Verify offline with a JWKS, JWK or PEM file"));
    connect(m_keyFile, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Use JWKS file"), {},
            QStringLiteral("Key sets (*.json *.jwks *.pem *.crt *.cer);;All files (*)"));
        if (!path.isEmpty())
            Q_EMIT keyFileChosen(path);
    });
    buttons->addWidget(m_verify);
    buttons->addWidget(m_keyFile);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    m_progress->setRange(0, 0);
    m_progress->setMaximumHeight(4);
    m_progress->setTextVisible(false);
    m_progress->hide();
    layout->addWidget(m_progress);
}

void SignatureBox::showVerifying()
{
    m_progress->show();
    m_verify->setEnabled(false);
    m_title->setText(QStringLiteral("Verifying\u2026"));
    m_detail->setText(QStringLiteral("Fetching the issuer's OpenID configuration and keys."));
}

void SignatureBox::showToken(const DecodedToken *token)
{
    m_progress->hide();
    m_verify->setEnabled(token);
    m_keyFile->setEnabled(token);
    if (!token) {
        m_icon->clear();
        m_title->setText(QStringLiteral("No token"));
        m_detail->clear();
        return;
    }
    const SignatureVerdict &v = token->verification;
    QString icon = QStringLiteral(":/icons/info.svg");
    QString title;
    switch (v.status) {
    case SignatureStatus::NotChecked: title = QStringLiteral("Not checked yet"); break;
    case SignatureStatus::Valid:
        if (v.isTrusted()) {
            icon = QStringLiteral(":/icons/ok.svg");
            title = QStringLiteral("Valid signature");
        } else {
            icon = QStringLiteral(":/icons/warning.svg");
            title = QStringLiteral("Signature matches keys that are not trusted");
        }
        break;
    case SignatureStatus::Invalid:
        icon = QStringLiteral(":/icons/error.svg");
        title = QStringLiteral("Invalid signature");
        break;
    case SignatureStatus::UnknownKey:
        icon = QStringLiteral(":/icons/error.svg");
        title = QStringLiteral("Unknown signing key");
        break;
    case SignatureStatus::Unverifiable:
        icon = QStringLiteral(":/icons/warning.svg");
        title = QStringLiteral("Not verifiable by third parties (by design)");
        break;
    case SignatureStatus::Refused:
        icon = QStringLiteral(":/icons/error.svg");
        title = QStringLiteral("Algorithm refused");
        break;
    case SignatureStatus::Error:
        icon = QStringLiteral(":/icons/warning.svg");
        title = QStringLiteral("Could not check");
        break;
    }
    m_icon->setPixmap(QIcon(icon).pixmap(20, 20));
    m_title->setText(title);
    QString detail;
    if (v.isChecked()) {
        detail = v.detail;
        if (!v.keySource.isEmpty())
            detail += QStringLiteral("\nKeys: %1 (%2)").arg(v.keySource, keyTrustName(v.keyTrust));
    } else {
        detail = QStringLiteral("%1, key %2. Verify through discovery from the issuer, or offline with a JWKS file.")
                     .arg(token->algorithm().isEmpty() ? QStringLiteral("No alg") : token->algorithm(),
                         token->keyId().isEmpty() ? QStringLiteral("(none)") : token->keyId());
    }
    m_detail->setText(detail);
}

} // namespace idex::ui
