#include "aboutdialog.h"

#include "appinfo.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QSysInfo>
#include <QVBoxLayout>

namespace idex::ui {

QString AboutDialog::versionsText()
{
    return QStringLiteral("Identity Explorer %1\nQt %2 (built with %3)\nOpenSSL %4\n%5")
        .arg(productVersion(), QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR), openSslVersion(),
            QSysInfo::prettyProductName());
}

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(QStringLiteral("About Identity Explorer"));
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    auto *icon = new QLabel;
    icon->setPixmap(QIcon(QStringLiteral(":/icons/identity-explorer.svg")).pixmap(72, 72));
    top->addWidget(icon, 0, Qt::AlignTop);

    auto *text = new QLabel(
        QStringLiteral("<h2>Identity Explorer %1</h2>"
                       "<p>Find out why a call between Azure services fails to authenticate: get a managed identity "
                       "token, read it, send it, and see the directory that decides the answer.</p>"
                       "<p>Licensed under the GNU General Public License, version 3 or later.</p>")
            .arg(productVersion()));
    text->setWordWrap(true);
    text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    top->addWidget(text, 1);
    layout->addLayout(top);

    auto *versions = new QLabel(versionsText().toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")));
    versions->setObjectName(QStringLiteral("versions"));
    versions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    versions->setStyleSheet(QStringLiteral("QLabel { color: palette(mid); font-family: monospace; }"));
    layout->addWidget(versions);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QPushButton *copy = buttons->addButton(QStringLiteral("Copy versions"), QDialogButtonBox::ActionRole);
    copy->setIcon(QIcon(QStringLiteral(":/icons/copy.svg")));
    connect(copy, &QPushButton::clicked, this, [] { QApplication::clipboard()->setText(versionsText()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

} // namespace idex::ui
