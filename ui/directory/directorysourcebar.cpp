#include "directorysourcebar.h"

#include "widgets/flowlayout.h"
#include "widgets/plaintext.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QToolButton>

namespace idex::ui {

DirectorySourceBar::DirectorySourceBar(QWidget *parent)
    : QWidget(parent)
    , m_source(new QComboBox(this))
    , m_readerClientId(new QLineEdit(this))
    , m_load(new QPushButton(QIcon(QStringLiteral(":/icons/directory.svg")), QStringLiteral("&Load"), this))
    , m_cancel(new QPushButton(QIcon(QStringLiteral(":/icons/error.svg")), QStringLiteral("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
{
    auto *row = new FlowLayout(this); // wraps in presenter mode rather than widen the window
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(6);
    m_source->setObjectName(QStringLiteral("directorySource"));
    m_source->addItem(
        QIcon(QStringLiteral(":/icons/emulator.svg")), QStringLiteral("Emulator's Graph"), int(Source::Emulator));
    m_source->addItem(QIcon(QStringLiteral(":/icons/directory.svg")), QStringLiteral("Microsoft Graph (current token)"),
        int(Source::MicrosoftGraph));
    m_source->addItem(QStringLiteral("Snapshot file…"), int(Source::Snapshot));
    m_source->setToolTip(
        QStringLiteral("Where to read applications, service principals and app role assignments from"));
    m_readerClientId->setPlaceholderText(QStringLiteral("reader identity client id (optional)"));
    m_readerClientId->setToolTip(
        QStringLiteral("Emulator: the identity whose Graph token is used (needs Application.Read.All). "
                       "Empty = the first identity of the scenario that holds it."));
    m_readerClientId->setMaximumWidth(300);
    m_load->setObjectName(QStringLiteral("loadDirectory"));
    m_load->setToolTip(QStringLiteral("Load the directory (F5)"));
    m_cancel->setToolTip(QStringLiteral("Stop loading (Esc)"));
    m_cancel->setEnabled(false);
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(120);
    m_progress->setVisible(false);
    m_status->setObjectName(QStringLiteral("directoryStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setTextFormat(Qt::PlainText); // Graph errors and file names
    // Long messages must not widen the window: they are elided by the layout and shown whole in the tooltip.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_status->setMinimumWidth(80);
    auto *fileButton = new QToolButton(this);
    fileButton->setText(QStringLiteral("File"));
    fileButton->setPopupMode(QToolButton::InstantPopup);
    auto *fileMenu = new QMenu(fileButton);
    fileMenu->addAction(QStringLiteral("Open snapshot…"), this, &DirectorySourceBar::openSnapshotRequested);
    fileMenu->addAction(QStringLiteral("Save snapshot…"), this, &DirectorySourceBar::saveSnapshotRequested);
    fileMenu->addAction(
        QStringLiteral("Open snapshot in the emulator…"), this, &DirectorySourceBar::openSnapshotInEmulatorRequested);
    fileMenu->addSeparator();
    fileMenu->addAction(
        QStringLiteral("Export picture (PNG or SVG)…"), this, &DirectorySourceBar::exportPictureRequested);
    fileButton->setMenu(fileMenu);
    row->addWidget(new QLabel(QStringLiteral("Source:"), this));
    row->addWidget(m_source);
    row->addWidget(m_readerClientId);
    row->addWidget(m_load);
    row->addWidget(m_cancel);
    row->addWidget(m_progress);
    row->addWidget(m_status); // takes the rest of its row (its size policy ignores its hint)
    row->addWidget(fileButton);
    connect(m_load, &QPushButton::clicked, this, &DirectorySourceBar::loadRequested);
    connect(m_cancel, &QPushButton::clicked, this, &DirectorySourceBar::cancelRequested);
}

DirectorySourceBar::Source DirectorySourceBar::source() const
{
    return Source(m_source->currentData().toInt());
}

QString DirectorySourceBar::readerClientId() const
{
    return m_readerClientId->text().trimmed();
}

void DirectorySourceBar::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setToolTip(plainToolTip(text));
    m_status->setStyleSheet(error ? QStringLiteral("color: #b3261e;") : QString());
}

QString DirectorySourceBar::status() const
{
    return m_status->text();
}

void DirectorySourceBar::setLoading(bool loading, bool cancellable)
{
    m_load->setEnabled(!loading);
    m_cancel->setEnabled(loading && cancellable);
    m_progress->setVisible(loading);
}

} // namespace idex::ui
