#include "flowlayout.h"

#include <QStyle>
#include <QWidget>

#include <algorithm>

namespace idex::ui {

FlowLayout::FlowLayout(QWidget *parent)
    : QLayout(parent)
{ }

FlowLayout::~FlowLayout()
{
    while (QLayoutItem *item = takeAt(0))
        delete item;
}

void FlowLayout::addItem(QLayoutItem *item)
{
    m_items.append(item);
    invalidate();
}

QLayoutItem *FlowLayout::takeAt(int index)
{
    if (index < 0 || index >= m_items.size())
        return nullptr;
    QLayoutItem *item = m_items.takeAt(index);
    invalidate();
    return item;
}

int FlowLayout::horizontalGap() const
{
    if (spacing() >= 0)
        return spacing();
    const QWidget *parent = parentWidget();
    return parent ? parent->style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing, nullptr, parent) : 6;
}

int FlowLayout::verticalGap() const
{
    if (spacing() >= 0)
        return spacing();
    const QWidget *parent = parentWidget();
    return parent ? parent->style()->pixelMetric(QStyle::PM_LayoutVerticalSpacing, nullptr, parent) : 6;
}

int FlowLayout::heightForWidth(int width) const
{
    return arrange(QRect(0, 0, width, 0), false);
}

QSize FlowLayout::minimumSize() const
{
    QSize least;
    for (const QLayoutItem *item : m_items) {
        if (!item->isEmpty())
            least = least.expandedTo(item->minimumSize());
    }
    const QMargins margins = contentsMargins();
    return least + QSize(margins.left() + margins.right(), margins.top() + margins.bottom());
}

QSize FlowLayout::sizeHint() const
{
    int width = 0;
    int height = 0;
    for (const QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        const QSize hint = item->sizeHint();
        width += (width > 0 ? horizontalGap() : 0) + hint.width();
        height = qMax(height, hint.height());
    }
    const QMargins margins = contentsMargins();
    return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom());
}

void FlowLayout::setGeometry(const QRect &rect)
{
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

namespace {
/*! An item that takes what is left of its row: one that may expand (a search box) or ignores its size hint (a
    status line that elides). */
bool grows(const QLayoutItem *item)
{
    return item->widget()
        && (item->widget()->sizePolicy().horizontalPolicy() & (QSizePolicy::ExpandFlag | QSizePolicy::IgnoreFlag));
}
} // namespace

int FlowLayout::arrange(const QRect &rect, bool apply) const
{
    const QRect area = rect.marginsRemoved(contentsMargins());
    const int gap = horizontalGap();
    // Rows first (which items, how wide each), then their places.
    struct Row
    {
        QList<QLayoutItem *> items;
        int width = 0; ///< of the items at their preferred widths, gaps included
        int height = 0;
    };
    QList<Row> rows(1);
    for (QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        const int itemWidth = qMin(item->sizeHint().width(), area.width());
        Row *row = &rows.last();
        if (!row->items.isEmpty() && row->width + gap + itemWidth > area.width()) {
            rows.append(Row {});
            row = &rows.last();
        }
        row->width += (row->items.isEmpty() ? 0 : gap) + itemWidth;
        row->items << item;
    }
    int y = area.top();
    for (Row &row : rows) {
        if (row.items.isEmpty())
            continue;
        // What is left of the row goes to the items that can grow (a search box), each up to its maximum width.
        QList<int> widths;
        for (const QLayoutItem *item : std::as_const(row.items))
            widths << qMax(
                qMin(item->sizeHint().width(), area.width()), qMin(item->minimumSize().width(), area.width()));
        int spare = qMax(0, area.width() - row.width);
        for (int round = 0; round < 3 && spare > 0; ++round) {
            int growing = 0;
            for (qsizetype i = 0; i < row.items.size(); ++i)
                growing += grows(row.items.at(i)) && widths.at(i) < row.items.at(i)->maximumSize().width();
            if (growing == 0)
                break;
            const int share = qMax(1, spare / growing);
            for (qsizetype i = 0; i < row.items.size() && spare > 0; ++i) {
                const QLayoutItem *item = row.items.at(i);
                if (!grows(item) || widths.at(i) >= item->maximumSize().width())
                    continue;
                const int added = std::min({ share, spare, item->maximumSize().width() - widths.at(i) });
                widths[i] += added;
                spare -= added;
            }
        }
        for (qsizetype i = 0; i < row.items.size(); ++i) {
            const QLayoutItem *item = row.items.at(i);
            row.height = qMax(
                row.height, item->hasHeightForWidth() ? item->heightForWidth(widths.at(i)) : item->sizeHint().height());
        }
        if (apply) {
            int x = area.left();
            for (qsizetype i = 0; i < row.items.size(); ++i) {
                QLayoutItem *item = row.items.at(i);
                const int height = item->hasHeightForWidth() ? item->heightForWidth(widths.at(i))
                                                             : qMin(row.height, item->sizeHint().height());
                item->setGeometry(QRect(x, y + (row.height - height) / 2, widths.at(i), height));
                x += widths.at(i) + gap;
            }
        }
        y += row.height + verticalGap();
    }
    const int used = y > area.top() ? y - verticalGap() - area.top() : 0;
    return used + contentsMargins().top() + contentsMargins().bottom();
}

} // namespace idex::ui
