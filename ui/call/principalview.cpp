#include "principalview.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace idex::ui {

PrincipalView::PrincipalView(QWidget *parent)
    : QWidget(parent)
    , m_input(new QLineEdit(this))
    , m_summary(new QLabel(this))
    , m_claims(new QTableWidget(0, 3, this))
{
    m_input->setObjectName(QStringLiteral("principalInput"));
    m_summary->setObjectName(QStringLiteral("principalSummary"));
    m_claims->setObjectName(QStringLiteral("principalClaims"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *row = new QHBoxLayout;
    m_input->setPlaceholderText(
        QStringLiteral("Paste an X-MS-CLIENT-PRINCIPAL header value (Base64 JSON) to decode it"));
    m_input->setClearButtonEnabled(true);
    m_input->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *decode = new QPushButton(QStringLiteral("Decode"), this);
    decode->setObjectName(QStringLiteral("principalDecodeButton"));
    row->addWidget(m_input, 1);
    row->addWidget(decode);
    layout->addLayout(row);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setTextFormat(Qt::PlainText); // claims and names come from the server
    layout->addWidget(m_summary);
    m_claims->setHorizontalHeaderLabels(
        { QStringLiteral("Claim"), QStringLiteral("As sent"), QStringLiteral("Value") });
    // The claim's name as wide as it is, the two values share what is left (elided): the table never scrolls sideways.
    m_claims->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_claims->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_claims->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_claims->verticalHeader()->setVisible(false);
    m_claims->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_claims->setAlternatingRowColors(true);
    layout->addWidget(m_claims, 1);

    connect(decode, &QPushButton::clicked, this, &PrincipalView::decodePasted);
    connect(m_input, &QLineEdit::returnPressed, this, &PrincipalView::decodePasted);
    clear();
}

void PrincipalView::clear()
{
    m_principal = ClientPrincipal {};
    m_claims->setRowCount(0);
    m_summary->setText(QStringLiteral("Call /.auth/me (on the left) to see the caller as App Service Authentication "
                                      "sees it, or paste an X-MS-CLIENT-PRINCIPAL value above."));
}

void PrincipalView::showPrincipal(const ClientPrincipal &principal, const QString &origin)
{
    m_principal = principal;
    m_claims->setRowCount(0);
    for (const auto &[type, value] : principal.claims) {
        const int row = m_claims->rowCount();
        m_claims->insertRow(row);
        m_claims->setItem(row, 0, new QTableWidgetItem(shortClaimType(type)));
        m_claims->setItem(row, 1, new QTableWidgetItem(type));
        m_claims->setItem(row, 2, new QTableWidgetItem(value));
    }
    const QStringList roles = principal.roles();
    m_summary->setText(QStringLiteral("%1: %2 claims, provider %3, roles: %4")
                           .arg(origin)
                           .arg(principal.claims.size())
                           .arg(principal.authType.isEmpty() ? QStringLiteral("unknown") : principal.authType,
                               roles.isEmpty() ? QStringLiteral("none") : roles.join(QStringLiteral(", "))));
}

bool PrincipalView::decodePasted()
{
    const ClientPrincipalResult result = decodeClientPrincipal(m_input->text().trimmed().toLatin1());
    if (!result.ok()) {
        m_principal = ClientPrincipal {};
        m_claims->setRowCount(0);
        m_summary->setText(QStringLiteral("Not a client principal: %1").arg(result.error));
        return false;
    }
    showPrincipal(result.principal, QStringLiteral("X-MS-CLIENT-PRINCIPAL"));
    return true;
}

} // namespace idex::ui
