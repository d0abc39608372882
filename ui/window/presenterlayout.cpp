#include "presenterlayout.h"

#include <QDockWidget>
#include <QLabel>
#include <QMainWindow>
#include <QPointer>
#include <QScrollBar>
#include <QStatusBar>
#include <QTimer>

namespace idex::ui {

FitScrollArea::FitScrollArea(QWidget *parent)
    : QScrollArea(parent)
{
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
}

void FitScrollArea::setScrolls(bool scrolls)
{
    m_scrolls = scrolls;
    // Scrolling, the panel gets the height it prefers rather than its minimum: at its minimum its views (the graph,
    // the claims) are what shrinks, to a few pixels; taller, they keep their rows and the view in front scrolls in.
    setWidgetResizable(!scrolls);
    if (widget())
        widget()->installEventFilter(this);
    fitWidget();
    updateGeometry();
}

void FitScrollArea::fitWidget()
{
    if (!m_scrolls || !widget())
        return;
    const QSize viewportSize = maximumViewportSize();
    const QSize least = widget()->minimumSizeHint().expandedTo(widget()->minimumSize());
    int width = qMax(viewportSize.width(), least.width());
    // Its preferred height, up to twice the room; never under the room or its own minimum.
    const int preferred = qMin(widget()->sizeHint().height(), 2 * viewportSize.height());
    int height = qMax(preferred, qMax(viewportSize.height(), least.height()));
    // Taller than the room, it brings the vertical scroll bar, which takes its width from the room: the panel is
    // that much narrower rather than scrolling sideways by the bar's width.
    if (height > viewportSize.height())
        width = qMax(least.width(), viewportSize.width() - verticalScrollBar()->sizeHint().width());
    // A panel whose panes stacked at this width (ReflowSplitter) needs more than its minimum says: what it needs at
    // this width, or its main view is squeezed under its header.
    if (widget()->hasHeightForWidth())
        height = qMax(height, widget()->heightForWidth(width));
    widget()->resize(width, height);
}

void FitScrollArea::resizeEvent(QResizeEvent *event)
{
    QScrollArea::resizeEvent(event);
    fitWidget();
}

bool FitScrollArea::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == widget() && event->type() == QEvent::LayoutRequest) {
        fitWidget();
        // Not scrolling, this area's minimum is the panels': when theirs changes (a panel reflowed, a zoom), the
        // window's layout must ask again, or it keeps the minimum it cached before (20 px taller after a round trip).
        if (!m_scrolls)
            updateGeometry();
    }
    return QScrollArea::eventFilter(watched, event);
}

QSize FitScrollArea::minimumSizeHint() const
{
    if (m_scrolls || !widget())
        return QSize(verticalScrollBar()->sizeHint().width() * 4, verticalScrollBar()->sizeHint().width() * 4);
    return widget()->minimumSizeHint().expandedTo(widget()->minimumSize());
}

QSize FitScrollArea::sizeHint() const
{
    return widget() ? widget()->sizeHint() : QScrollArea::sizeHint();
}

PresenterLayout::PresenterLayout(QMainWindow *window, FitScrollArea *central)
    : QObject(window)
    , m_window(window)
    , m_central(central)
{ }

void PresenterLayout::setPresenter(bool on)
{
    if (on == m_on)
        return;
    m_on = on;
    const QList<QDockWidget *> docks = m_window->findChildren<QDockWidget *>(QString(), Qt::FindDirectChildrenOnly);
    if (on) {
        m_savedState = m_window->saveState();
        m_savedSize = m_window->size();
    }
    for (QDockWidget *dock : docks)
        dock->setProperty(kProperty, on);
    m_central->setScrolls(on);
    // A status line is a hint, not a reason for the window to be wider than the projector: it elides, and its
    // tooltip keeps the whole text.
    for (QLabel *label : m_window->statusBar()->findChildren<QLabel *>(QString(), Qt::FindDirectChildrenOnly)) {
        label->setSizePolicy(on ? QSizePolicy::Ignored : QSizePolicy::Preferred, QSizePolicy::Preferred);
        label->setToolTip(on ? label->text() : QString());
    }
    if (!on) {
        for (const QMetaObject::Connection &c : std::as_const(m_followers))
            disconnect(c);
        m_followers.clear();
        m_window->restoreState(m_savedState);
        // The window may have been laid out at 200% on the way back (docks shown before the central area fits
        // again): it returns to the size it had, as Qt resizes a window only to grow it.
        if (!m_window->isMaximized() && !m_window->isFullScreen())
            m_window->resize(m_savedSize);
        return;
    }
    // One dock at a time, the Lessons dock (a step bar now) when it is open: the panels keep the height. The others
    // stay a toggle away (View menu, Ctrl+Shift+E), tabbed into the same place when shown.
    QDockWidget *front = nullptr;
    for (QDockWidget *dock : docks) {
        if (dock->objectName() == QLatin1String("lessonsDock") && dock->isVisible())
            front = dock;
    }
    for (QDockWidget *dock : docks) {
        if (dock->isFloating())
            continue;
        m_window->addDockWidget(Qt::BottomDockWidgetArea, dock);
        if (front && dock != front) {
            m_window->tabifyDockWidget(front, dock);
            dock->hide();
        }
    }
    // A dock shown later (a lesson step pointing at the emulator dock, its View menu toggle) joins the same tabs
    // and comes to the front, rather than splitting the bottom in two.
    for (QDockWidget *dock : docks) {
        m_followers << connect(dock, &QDockWidget::visibilityChanged, this, [this, dock, front](bool visible) {
            if (!visible || !front || dock == front || m_arranging || dock->isFloating())
                return;
            if (!m_window->tabifiedDockWidgets(front).contains(dock)) {
                m_arranging = true;
                m_window->tabifyDockWidget(front, dock);
                dock->raise();
                m_arranging = false;
            }
        });
    }
    // The step bar takes what it needs (its minimum: its three rows), up to 30% of the window when it has more to
    // show; the panels the rest.
    // Once the window has laid itself out at the new zoom: earlier, the dock area takes back the height it had.
    if (front) {
        front->raise();
        QTimer::singleShot(0, this, [this, front = QPointer<QDockWidget>(front)] {
            if (!front || !m_on)
                return;
            // Of the window's size before presenter mode: on the way the window may be laid out taller for a moment.
            const int room = qMin(m_window->height(), m_savedSize.height());
            const int wanted = qMin(front->sizeHint().height(), room * 3 / 10);
            const int height = qMax(front->minimumSizeHint().height(), wanted);
            m_window->resizeDocks({ front }, { height }, Qt::Vertical);
            // A tabbed dock area ignores resizeDocks(): a maximum for one layout pass brings it there, and it keeps
            // that height when the maximum goes.
            front->setMaximumHeight(height);
            QTimer::singleShot(0, front, [front] { front->setMaximumHeight(QWIDGETSIZE_MAX); });
        });
    }
}

} // namespace idex::ui
