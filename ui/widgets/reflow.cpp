#include "reflow.h"

#include <QEvent>
#include <QResizeEvent>
#include <QScrollBar>
#include <QWidget>

namespace idex::ui {

namespace {

/*! The least size of \a widget as a layout sees it: its minimum size hint unless a minimum size was set. */
QSize leastSize(const QWidget *widget)
{
    const QSize hint = widget->minimumSizeHint();
    const QSize set = widget->minimumSize();
    return QSize(set.width() > 0 ? set.width() : hint.width(), set.height() > 0 ? set.height() : hint.height());
}

} // namespace

ReflowLayout::ReflowLayout(QWidget *parent)
    : QBoxLayout(LeftToRight, parent)
{ }

QSize ReflowLayout::rowOf(QSize (QLayoutItem::*size)() const) const
{
    int width = 0;
    int tallest = 0;
    int items = 0;
    for (int i = 0; i < count(); ++i) {
        QLayoutItem *item = itemAt(i);
        if (item->isEmpty())
            continue; // hidden widgets, stretches
        const QSize itemSize = (item->*size)();
        width += itemSize.width();
        tallest = qMax(tallest, itemSize.height());
        ++items;
    }
    const QMargins margins = contentsMargins();
    return QSize(width + qMax(0, spacing()) * qMax(0, items - 1) + margins.left() + margins.right(),
        tallest + margins.top() + margins.bottom());
}

int ReflowLayout::sideBySideWidth() const
{
    return rowOf(&QLayoutItem::minimumSize).width();
}

QSize ReflowLayout::minimumSize() const
{
    int widest = 0;
    int tallest = 0;
    for (int i = 0; i < count(); ++i) {
        QLayoutItem *item = itemAt(i);
        if (item->isEmpty())
            continue;
        widest = qMax(widest, item->minimumSize().width());
        tallest = qMax(tallest, item->minimumSize().height());
    }
    const QMargins margins = contentsMargins();
    return QSize(widest + margins.left() + margins.right(), tallest + margins.top() + margins.bottom());
}

QSize ReflowLayout::sizeHint() const
{
    return rowOf(&QLayoutItem::sizeHint);
}

int ReflowLayout::heightForWidth(int width) const
{
    const QMargins margins = contentsMargins();
    const bool row = fitsSideBySide(width);
    const int inner = width - margins.left() - margins.right();
    int height = 0;
    int items = 0;
    for (int i = 0; i < count(); ++i) {
        QLayoutItem *item = itemAt(i);
        if (item->isEmpty())
            continue;
        // In a row an item gets about its preferred width; in a column the whole width.
        const int itemWidth = row ? qMin(inner, item->sizeHint().width()) : inner;
        const int itemHeight = qMax(item->minimumSize().height(),
            item->hasHeightForWidth() ? item->heightForWidth(itemWidth) : item->sizeHint().height());
        height = row ? qMax(height, itemHeight) : height + itemHeight;
        ++items;
    }
    if (!row)
        height += qMax(0, spacing()) * qMax(0, items - 1);
    return height + margins.top() + margins.bottom();
}

void ReflowLayout::setGeometry(const QRect &rect)
{
    const Direction wanted = fitsSideBySide(rect.width()) ? LeftToRight : TopToBottom;
    if (wanted != direction())
        setDirection(wanted); // invalidates: the layouts above ask again how tall this is now
    QBoxLayout::setGeometry(rect);
}

ReflowSplitter::ReflowSplitter(QWidget *parent)
    : QSplitter(Qt::Horizontal, parent)
{
    QSizePolicy policy = sizePolicy();
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

int ReflowSplitter::sideBySideWidth() const
{
    int width = 0;
    int panes = 0;
    for (int i = 0; i < count(); ++i) {
        const QWidget *pane = widget(i);
        if (pane->isHidden())
            continue;
        width += leastSize(pane).width();
        ++panes;
    }
    return width + handleWidth() * qMax(0, panes - 1) + 2 * frameWidth();
}

QSize ReflowSplitter::minimumSizeHint() const
{
    int widest = 0;
    int tallest = 0;
    for (int i = 0; i < count(); ++i) {
        if (widget(i)->isHidden())
            continue;
        widest = qMax(widest, leastSize(widget(i)).width());
        tallest = qMax(tallest, leastSize(widget(i)).height());
    }
    return QSize(widest, tallest) + QSize(2 * frameWidth(), 2 * frameWidth());
}

int ReflowSplitter::heightForWidth(int width) const
{
    if (width >= sideBySideWidth())
        return minimumSizeHint().height();
    int height = 0;
    int panes = 0;
    for (int i = 0; i < count(); ++i) {
        if (widget(i)->isHidden())
            continue;
        height += leastSize(widget(i)).height();
        ++panes;
    }
    return height + handleWidth() * qMax(0, panes - 1) + 2 * frameWidth();
}

void ReflowSplitter::reflow(int width)
{
    const Qt::Orientation wanted = width >= sideBySideWidth() ? Qt::Horizontal : Qt::Vertical;
    if (wanted == orientation())
        return;
    if (wanted == Qt::Vertical)
        m_sideBySideSizes = sizes();
    setOrientation(wanted);
    if (wanted == Qt::Horizontal && m_sideBySideSizes.size() == count()) {
        setSizes(m_sideBySideSizes);
        return;
    }
    // Stacked, shares of the height (the splitter keeps them as it grows): two for the main pane, one for the others,
    // which scroll (a sidebar, a list) rather than squeeze the main one to its header.
    const int share = qMax(1, height() / (count() + 1));
    QList<int> heights;
    for (int i = 0; i < count(); ++i)
        heights << (i == m_mainPane ? 2 * share : share);
    setSizes(heights);
}

void ReflowSplitter::resizeEvent(QResizeEvent *event)
{
    reflow(event->size().width());
    QSplitter::resizeEvent(event);
}

bool ReflowSplitter::event(QEvent *event)
{
    const bool handled = QSplitter::event(event);
    // A pane's minimum changed (a zoom, a longer text): the same width may now be too narrow, or wide enough.
    if (event->type() == QEvent::LayoutRequest && isVisible())
        reflow(width());
    return handled;
}

VerticalScrollArea::VerticalScrollArea(QWidget *parent)
    : QScrollArea(parent)
{
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
}

QSize VerticalScrollArea::minimumSizeHint() const
{
    QSize least = QScrollArea::minimumSizeHint();
    if (widget())
        least.setWidth(leastSize(widget()).width() + verticalScrollBar()->sizeHint().width() + 2 * frameWidth());
    return least;
}

bool VerticalScrollArea::eventFilter(QObject *watched, QEvent *event)
{
    // The contents' minimum changed (a zoom, a row shown): so did this area's.
    if (watched == widget() && event->type() == QEvent::LayoutRequest)
        updateGeometry();
    return QScrollArea::eventFilter(watched, event);
}

} // namespace idex::ui
