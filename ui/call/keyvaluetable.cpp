#include "keyvaluetable.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace idex::ui {

KeyValueTable::KeyValueTable(const QString &nameHeader, const QString &valueHeader, QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 2, this))
    , m_remove(new QToolButton(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_table->setHorizontalHeaderLabels({ nameHeader, valueHeader });
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(0, 220);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    // The header and a row and a half: in a 700 px window the answer below needs the height more than empty rows.
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height()
        + m_table->verticalHeader()->defaultSectionSize() * 3 / 2 + 2 * m_table->frameWidth());
    layout->addWidget(m_table);

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    m_remove->setText(QStringLiteral("Remove selected"));
    m_remove->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_remove->setEnabled(false);
    buttons->addStretch(1);
    buttons->addWidget(m_remove);
    layout->addLayout(buttons);

    connect(m_remove, &QToolButton::clicked, this, &KeyValueTable::removeSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
        [this] { m_remove->setEnabled(!m_table->selectedItems().isEmpty()); });
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (m_updating)
            return;
        ensureBlankRow();
        Q_EMIT edited();
    });
    ensureBlankRow();
}

KeyValueTable::Pairs KeyValueTable::pairs() const
{
    Pairs out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem *name = m_table->item(row, 0);
        const QTableWidgetItem *value = m_table->item(row, 1);
        const QString key = name ? name->text().trimmed() : QString();
        if (!key.isEmpty())
            out.append({ key, value ? value->text() : QString() });
    }
    return out;
}

void KeyValueTable::setPairs(const Pairs &pairs)
{
    m_updating = true;
    m_table->setRowCount(0);
    for (const auto &[name, value] : pairs) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(name));
        m_table->setItem(row, 1, new QTableWidgetItem(value));
    }
    m_updating = false;
    ensureBlankRow();
}

void KeyValueTable::ensureBlankRow()
{
    const int last = m_table->rowCount() - 1;
    const bool lastIsBlank = last >= 0 && (!m_table->item(last, 0) || m_table->item(last, 0)->text().isEmpty())
        && (!m_table->item(last, 1) || m_table->item(last, 1)->text().isEmpty());
    if (lastIsBlank)
        return;
    m_updating = true;
    m_table->insertRow(last + 1);
    m_table->setItem(last + 1, 0, new QTableWidgetItem);
    m_table->setItem(last + 1, 1, new QTableWidgetItem);
    m_updating = false;
}

void KeyValueTable::removeSelected()
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end(), std::greater<>());
    m_updating = true;
    for (int row : rows)
        m_table->removeRow(row);
    m_updating = false;
    ensureBlankRow();
    Q_EMIT edited();
}

} // namespace idex::ui
