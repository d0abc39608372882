#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QScrollArea>

class QMainWindow;

namespace idex::ui {

/*! The window's central area: at 100% it asks for the room its panels need, as if it were not there (the window
    grows rather than scroll); in presenter mode it scrolls instead, so a 200% window still fits a 1280x720
    projector and nothing is squeezed or cut. */
class FitScrollArea : public QScrollArea
{
    Q_OBJECT
public:
    explicit FitScrollArea(QWidget *parent = nullptr);
    void setScrolls(bool scrolls);
    bool scrolls() const { return m_scrolls; }
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fitWidget();

    bool m_scrolls = false;
};

/*! Presenter mode's layout of a main window: one dock at a time at the bottom (the Lessons dock, a compact step
    bar: each dock sees the dynamic property "presenter"; the others a toggle away, tabbed with it when shown), the
   central panels scroll rather than push the window beyond the screen, and the status bar's labels elide. Leaving it
   restores the window's own layout. */
class PresenterLayout : public QObject
{
    Q_OBJECT
public:
    PresenterLayout(QMainWindow *window, FitScrollArea *central);

    /*! The name of the dynamic property a dock reads to show itself compact. */
    static constexpr const char *kProperty = "presenter";

    void setPresenter(bool on);
    bool isPresenter() const { return m_on; }

private:
    QMainWindow *m_window;
    FitScrollArea *m_central;
    QByteArray m_savedState; ///< the docks' layout before presenter mode
    QSize m_savedSize; ///< the window's size before presenter mode
    bool m_on = false;
    bool m_arranging = false; ///< tabifying a dock (its visibility changes on the way)
    QList<QMetaObject::Connection> m_followers; ///< docks shown in presenter mode join the tabs
};

} // namespace idex::ui
