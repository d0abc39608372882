#pragma once

#include <QBoxLayout>
#include <QList>
#include <QScrollArea>
#include <QSplitter>

namespace idex::ui {

/*! A row of items that becomes a column when it is narrower than its items side by side (a 1280x720 window at 200%
    is 640 logical pixels wide): its minimum width is the widest item's, not the sum, so the panel around it can be
    narrow and nothing scrolls sideways. Wide enough again, it is a row again. Items that are layouts of their own are
    measured by their minimum too. */
class ReflowLayout : public QBoxLayout
{
    Q_OBJECT
public:
    explicit ReflowLayout(QWidget *parent = nullptr);

    bool isStacked() const { return direction() == TopToBottom; }
    bool fitsSideBySide(int width) const { return width >= sideBySideWidth(); }
    /*! The least width at which the items fit in a row. */
    int sideBySideWidth() const;

    /*! A row's: the widest item's width, the tallest item's height. One above the other it is taller, which it asks
        for through heightForWidth(): a minimum that does not depend on the width it had last (a hidden tab keeps its
        last one) comes back exactly after a zoom. */
    QSize minimumSize() const override;
    /*! A row's, stacked or not: the layout around it gives it a row's width when it has the room (beside a title in
        the Lessons dock's step bar), rather than the column's it asked for last. */
    QSize sizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    void setGeometry(const QRect &rect) override;

private:
    /*! The items side by side, each at \a size (its minimum or its hint): their widths and the spacing added up, the
        tallest height. */
    QSize rowOf(QSize (QLayoutItem::*size)() const) const;
};

/*! Side-by-side panes that stack (a vertical splitter) when the splitter is narrower than the panes' minimum widths
    together, and go back side by side when there is room; the sizes the user gave the panes side by side come back
    too. Its minimum width is the widest pane's. */
class ReflowSplitter : public QSplitter
{
    Q_OBJECT
public:
    explicit ReflowSplitter(QWidget *parent = nullptr);

    bool isStacked() const { return orientation() == Qt::Vertical; }
    /*! The least width at which the panes fit side by side. */
    int sideBySideWidth() const;
    /*! Stacked, the pane the panel is about (the claims table, the answer) gets twice the height of each other. */
    void setMainPane(int index) { m_mainPane = index; }

    /*! Side by side's, whatever it is now: the widest pane's width, the tallest pane's height. Stacked it is taller,
        which it asks for through heightForWidth(). */
    QSize minimumSizeHint() const override;
    int heightForWidth(int width) const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool event(QEvent *event) override;

private:
    void reflow(int width);

    QList<int> m_sideBySideSizes; ///< the panes' widths when they last were side by side
    int m_mainPane = 0;
};

/*! A scroll area that scrolls only up and down (a form, a sidebar): it is as wide as its contents need at least, so
    the layout around it reflows (a ReflowSplitter stacks) instead of the contents scrolling sideways inside it. */
class VerticalScrollArea : public QScrollArea
{
    Q_OBJECT
public:
    explicit VerticalScrollArea(QWidget *parent = nullptr);

    QSize minimumSizeHint() const override;
    bool eventFilter(QObject *watched, QEvent *event) override;
};

} // namespace idex::ui
