// Presenter mode really scales (issue 13): at 1280x720, at 150% (F11) and 200% (Shift+F11), the whole window is
// scaled (the style's metrics: icons, indicators, scroll bars; the fonts; the graph), still fits the screen (no
// widget beyond the window, every tab's main view visible at a usable size, the lessons dock a compact step bar),
// and Shift+F11 again gives back exactly the metrics of 100%. With IDEX_SCREENSHOT_DIR set it saves every tab in
// every mode there.
#include "call/callpanel.h"
#include "claims/claimspanel.h"
#include "directory/directorydetails.h"
#include "directory/directorypanel.h"
#include "emulator/embeddedemulator.h"
#include "emulator/emulatordock.h"
#include "graph/directoryscene.h"
#include "graph/directoryview.h"
#include "graph/graphlegend.h"
#include "graph/graphstyle.h"
#include "lessons/lessonparser.h"
#include "lessons/lessonsdock.h"
#include "mainwindow.h"
#include "session/session.h"
#include "token/tokenpanel.h"
#include "window/uizoom.h"
#include "windowcontent.h"

#include <QAbstractScrollArea>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QGuiApplication>
#include <QLineEdit>
#include <QListWidget>
#include <QMainWindow>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStyle>
#include <QTableView>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace idex;
using namespace idex::ui;

namespace {

constexpr QSize kProjector(1280, 720);

/*! The style's answers that presenter mode scales, in a fixed order. */
QList<int> styleMetrics()
{
    const QStyle *style = QApplication::style();
    QList<int> metrics;
    for (QStyle::PixelMetric m : { QStyle::PM_SmallIconSize, QStyle::PM_ButtonIconSize, QStyle::PM_ToolBarIconSize,
             QStyle::PM_TabBarIconSize, QStyle::PM_ListViewIconSize, QStyle::PM_IndicatorWidth,
             QStyle::PM_IndicatorHeight, QStyle::PM_ExclusiveIndicatorWidth, QStyle::PM_ScrollBarExtent,
             QStyle::PM_LayoutLeftMargin, QStyle::PM_LayoutTopMargin, QStyle::PM_LayoutHorizontalSpacing,
             QStyle::PM_LayoutVerticalSpacing, QStyle::PM_SplitterWidth, QStyle::PM_DefaultFrameWidth })
        metrics << style->pixelMetric(m);
    return metrics;
}

/*! What 100% looks like: the style's metrics, the application font, and how big the window's widgets want to be. */
struct Metrics
{
    QList<int> style;
    qreal fontPointSize = 0;
    QSize tabIcons;
    QList<QSize> sizeHints;
    bool operator==(const Metrics &) const = default;
};

Metrics metricsOf(MainWindow &window)
{
    Metrics m;
    m.style = styleMetrics();
    m.fontPointSize = QApplication::font().pointSizeF();
    m.tabIcons = window.tabs()->iconSize();
    for (const char *name : { "getTokenButton", "sendButton", "loadDirectory", "startLesson", "performAction" }) {
        auto *button = window.findChild<QPushButton *>(QLatin1String(name));
        if (!button)
            qFatal("no %s", name);
        m.sizeHints << button->sizeHint();
    }
    return m;
}

/*! True when \a widget is inside a scroll area's viewport: it may lie beyond its window, scrolled out of view. */
bool scrolled(const QWidget *widget, const QWidget *window)
{
    for (const QWidget *w = widget->parentWidget(); w && w != window; w = w->parentWidget()) {
        if (auto *area = qobject_cast<const QAbstractScrollArea *>(w->parentWidget()); area && area->viewport() == w)
            return true;
    }
    return false;
}

/*! True when \a widget is in a dock that waits behind another dock's tab (Qt parks it off the window). */
bool behindATab(const QWidget *widget, const QMainWindow &window)
{
    for (const QWidget *w = widget; w && w != &window; w = w->parentWidget()) {
        if (auto *dock = qobject_cast<const QDockWidget *>(w))
            return !window.tabifiedDockWidgets(const_cast<QDockWidget *>(dock)).isEmpty()
                && dock->visibleRegion().isEmpty();
    }
    return false;
}

/*! Every visible widget of \a window that is not scrolled lies inside it: nothing laid out beyond the screen. */
QStringList widgetsBeyond(QMainWindow &window)
{
    QStringList beyond;
    const QRect bounds = window.rect();
    for (QWidget *w : window.findChildren<QWidget *>()) {
        if (!w->isVisibleTo(&window) || w->isWindow() || scrolled(w, &window) || behindATab(w, window))
            continue;
        const QRect r(w->mapTo(&window, QPoint(0, 0)), w->size());
        if (!bounds.contains(r))
            beyond << QStringLiteral("%1 (%2) at %3,%4 %5x%6")
                          .arg(w->objectName(), QString::fromLatin1(w->metaObject()->className()))
                          .arg(r.x())
                          .arg(r.y())
                          .arg(r.width())
                          .arg(r.height());
    }
    return beyond;
}

/*! \a view is on screen, not hidden by its tab or a collapsed splitter, and big enough to read. */
void verifyUsable(QWidget *view, const QString &what, QSize least)
{
    QVERIFY2(view->isVisible(), qPrintable(what + QStringLiteral(" is hidden")));
    // What the room sees of it: its rectangle clipped by every parent (scrolled away, cut by a splitter).
    QRect rect = view->rect();
    for (const QWidget *w = view; w->parentWidget() && !w->isWindow(); w = w->parentWidget())
        rect = rect.translated(w->pos()) & w->parentWidget()->rect();
    const QSize seen = rect.size();
    QVERIFY2(seen.width() >= least.width() && seen.height() >= least.height(),
        qPrintable(QStringLiteral("%1 shows %2x%3, needs %4x%5")
                       .arg(what)
                       .arg(seen.width())
                       .arg(seen.height())
                       .arg(least.width())
                       .arg(least.height())));
    // A table or tree shows rows, not its header alone.
    if (auto *items = qobject_cast<QAbstractItemView *>(view)) {
        const int row = qMax(1, items->sizeHintForRow(0));
        QVERIFY2(items->viewport()->height() >= 2 * row,
            qPrintable(QStringLiteral("%1 shows %2 px of rows").arg(what).arg(items->viewport()->height())));
    }
}

/*! The graph opened fitted for the room: names at \a factor times their minimum size, and the token's path (its
    nodes, the missing link's label) in view whole, the label over no node. */
void verifyGraphFitted(DirectoryPanel *panel, qreal factor)
{
    DirectoryView *view = panel->view();
    const DirectoryScene *scene = panel->scene();
    const qreal zoom = view->zoom();
    QVERIFY(view->isFitted());
    QVERIFY2(scene->namesShownAt(zoom), qPrintable(QString::number(zoom)));
    QVERIFY2(scene->nameFontSize(zoom) * zoom >= graphstyle::minimumNamePixels * factor - 0.01,
        qPrintable(QStringLiteral("names %1 px at zoom %2").arg(scene->nameFontSize(zoom) * zoom).arg(zoom)));
    const PathHighlight &path = scene->pathHighlight();
    QVERIFY(!path.isEmpty());
    QList<int> nodes(path.nodes.begin(), path.nodes.end());
    nodes << path.missingFrom << path.missingTo;
    // What the room sees of the graph: the viewport as far as the window shows it (the panel may scroll).
    const QRect seen = view->viewport()->visibleRegion().boundingRect();
    for (int node : std::as_const(nodes)) {
        if (node < 0)
            continue;
        const GraphNode &n = scene->graph().nodes.at(node);
        const QRect onScreen = view->mapFromScene(n.rect).boundingRect();
        QVERIFY2(seen.contains(onScreen),
            qPrintable(QStringLiteral("%1 at %2,%3 %4x%5 is outside the graph's %6x%7 at zoom %8")
                           .arg(n.label)
                           .arg(onScreen.x())
                           .arg(onScreen.y())
                           .arg(onScreen.width())
                           .arg(onScreen.height())
                           .arg(seen.width())
                           .arg(seen.height())
                           .arg(zoom)));
    }
    const QRectF label = scene->missingLabelRect(zoom);
    QVERIFY(!label.isNull());
    QVERIFY2(seen.contains(view->mapFromScene(label).boundingRect()), "the missing link's label is out of view");
    for (const GraphNode &n : scene->graph().nodes)
        QVERIFY2(!label.intersects(n.rect), qPrintable(QStringLiteral("the label covers ") + n.label));
}

void screenshot(QWidget &window, const QString &name)
{
    const QString dir = qEnvironmentVariable("IDEX_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    window.grab().save(QStringLiteral("%1/presenter-%2.png").arg(dir, name));
}

} // namespace

class TestPresenter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("IdentityExplorerTestPresenter"));
        QSettings().clear();
        qRegisterMetaType<idex::CallResult>();
        qRegisterMetaType<idex::TokenResult>();
    }

    // Beside the Lessons dock at 1024x700 the emulator dock is about 420 px wide: its buttons wrap onto a second row
    // instead of scrolling sideways (its row of seven and the clock skew is wider than that), at 100% and in presenter
    // mode.
    void emulatorDockBesideLessonsWrapsAt1024x700()
    {
        Session session;
        MainWindow window(session);
        EmbeddedEmulator embedded(session);
        auto *dock = new EmulatorDock(embedded, &window);
        window.addToolDock(dock, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
        window.addToolDock(new LessonsDock(session, &window), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(embedded.startNow(emulator::EmulatorOptions {}));
        QCoreApplication::processEvents();
        auto *area = qobject_cast<QScrollArea *>(dock->widget());
        QVERIFY(area);
        QVERIFY2(dock->width() < 520, qPrintable(QString::number(dock->width()))); // beside the Lessons dock
        for (const qreal factor : { 0.0, 1.5 }) {
            window.zoom().setPresenter(factor);
            if (factor > 0)
                dock->show(); // presenter mode tabs it with the Lessons dock; in front, it has the window's width
            QCoreApplication::processEvents();
            QVERIFY2(area->horizontalScrollBar()->maximum() == 0,
                qPrintable(QStringLiteral("at %1: the dock scrolls %2 px sideways")
                               .arg(factor)
                               .arg(area->horizontalScrollBar()->maximum())));
            const QList<QToolButton *> buttons = area->widget()->findChildren<QToolButton *>();
            QCOMPARE(buttons.size(), 7);
            int rows = 0;
            QSet<int> tops;
            for (QToolButton *button : buttons) {
                const QRect r(button->mapTo(area->viewport(), QPoint(0, 0)), button->size());
                QVERIFY2(r.left() >= 0 && r.right() < area->viewport()->width(),
                    qPrintable(button->text() + QStringLiteral(" is cut off")));
                tops.insert(r.top());
            }
            const QWidget *skew = dock->clockSkewBox();
            const QRect skewRect(skew->mapTo(area->viewport(), QPoint(0, 0)), skew->size());
            QVERIFY2(skewRect.left() >= 0 && skewRect.right() < area->viewport()->width(), "Clock skew is cut off");
            rows = int(tops.size());
            screenshot(window, QStringLiteral("1024x700-docks-%1").arg(qRound(factor * 100)));
            if (factor == 0) {
                QVERIFY2(rows >= 2, "at 420 px the seven buttons cannot be one row"); // so it really wrapped
                // Its neighbour, the Lessons dock, does not scroll sideways either (its step's buttons stack).
                for (const QScrollArea *steps : window.findChild<LessonsDock *>()->findChildren<QScrollArea *>())
                    QVERIFY2(steps->horizontalScrollBar()->maximum() == 0,
                        qPrintable(QStringLiteral("the Lessons dock scrolls %1 px sideways")
                                       .arg(steps->horizontalScrollBar()->maximum())));
            }
        }
        window.zoom().setPresenter(0);
    }

    // In presenter mode a pasted token is covered wherever the window is scrolled: what the projector shows (the
    // window's backing store) is what a fresh paint shows, with no stale pixels, and no pixel of the field depends on
    // the secret in it. The QGraphicsBlurEffect of before failed both: inside the window's scroll areas it drew other
    // parts of the window into the field, stale after a scroll (48869 pixels differed from a fresh paint).
    void secretsStayMaskedWhileScrolling()
    {
        Session session;
        MainWindow window(session);
        window.resize(kProjector);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showPanel(MainWindow::ClaimsTab);
        auto *input = window.findChild<QPlainTextEdit *>(QStringLiteral("tokenInput"));
        QVERIFY(UiZoom::isSecret(input));
        QTest::keyClick(&window, Qt::Key_F11, Qt::ShiftModifier);
        auto *central = window.findChild<QAbstractScrollArea *>(QStringLiteral("centralArea"));
        QScrollBar *bar = central->verticalScrollBar();
        QTRY_VERIFY(bar->maximum() > 0); // 200% at 1280x720: the Claims tab scrolls
        // What the room sees where the field is: the window's pixels on screen over the field's visible part.
        auto onScreen = [&](const QString &secret) {
            input->setPlainText(secret);
            // The field is at the top of the tab: scrolled there once the window has settled (its layout follows
            // the paste), and in view whole.
            QRect field;
            for (int attempt = 0; attempt < 100 && field.height() != input->height(); ++attempt) {
                bar->setValue(0);
                QTest::qWait(20);
                const QRect visible(central->viewport()->mapTo(&window, QPoint(0, 0)), central->viewport()->size());
                field = QRect(input->mapTo(&window, QPoint(0, 0)), input->size()) & visible;
            }
            if (field.height() != input->height())
                return QImage();
            return QGuiApplication::primaryScreen()->grabWindow(window.winId()).toImage().copy(field);
        };
        // Two pastes the panel cannot decode (a decoded token leaves the field): the field stays, with the text.
        const QImage first = onScreen(QStringLiteral("eyJ") + QString(300, u'A'));
        const QImage second = onScreen(QStringLiteral("eyJ") + QString(300, u'z'));
        QVERIFY2(!first.isNull() && !second.isNull(), "the field never came into view");
        QVERIFY2(first == second, "the masked field shows something of the token in it");
        for (const int value : { bar->maximum(), bar->maximum() / 3, 0, bar->maximum() / 2, 7, 0 }) {
            bar->setValue(value);
            QTest::qWait(30);
            const QImage screen = QGuiApplication::primaryScreen()
                                      ->grabWindow(window.winId())
                                      .toImage()
                                      .convertToFormat(QImage::Format_RGB32);
            const QImage fresh = window.grab().toImage().convertToFormat(QImage::Format_RGB32);
            QCOMPARE(screen.size(), fresh.size());
            int stale = 0;
            for (int y = 0; y < screen.height(); ++y) {
                for (int x = 0; x < screen.width(); ++x)
                    stale += screen.pixel(x, y) != fresh.pixel(x, y);
            }
            QVERIFY2(stale == 0, qPrintable(QStringLiteral("scrolled to %1: %2 stale pixels").arg(value).arg(stale)));
        }
        // Out of presenter mode the field is itself again.
        QTest::keyClick(&window, Qt::Key_F11, Qt::ShiftModifier);
        QVERIFY(!UiZoom::isVeiled(input));
    }

    void scalesTheWholeWindowAndFits1280x720()
    {
        Session session;
        MainWindow window(session);
        EmbeddedEmulator embedded(session);
        window.addToolDock(new EmulatorDock(embedded, &window), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
        auto *lessonsDock = new LessonsDock(session, &window);
        lessonsDock->driveEmulator(embedded);
        window.addToolDock(lessonsDock, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
        window.resize(kProjector);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(embedded.startNow(emulator::EmulatorOptions {}));
        // A lesson running (it switches the window's emulator to its scenario): the dock shows its step.
        auto *lessonList = lessonsDock->findChild<QListWidget *>(QStringLiteral("lessonList"));
        lessonList->setCurrentRow(lessons::builtInLessonNames().indexOf(QStringLiteral("missing-assignment")));
        QTest::mouseClick(lessonsDock->findChild<QPushButton *>(QStringLiteral("startLesson")), Qt::LeftButton);
        QCOMPARE(session.emulatorRun().scenario, QStringLiteral("missing-assignment"));

        // Content in every tab: a token, its claims, a call's answer, the directory.
        idex::testing::getTokenAndCallTheFirstApi(window);
        if (QTest::currentTestFailed())
            return;
        window.showPanel(MainWindow::DirectoryTab);
        QSignalSpy loaded(window.directoryPanel(), &DirectoryPanel::loadFinished);
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("loadDirectory")), Qt::LeftButton);
        QVERIFY(loaded.wait(15000));
        window.showPanel(MainWindow::TokenTab);
        QCoreApplication::processEvents();

        const Metrics normal = metricsOf(window);
        auto *claimsView = window.findChild<QTableView *>(QStringLiteral("claimsView"));
        const auto claimValueFontSize
            = [claimsView] { return claimsView->model()->index(0, 1).data(Qt::FontRole).value<QFont>().pointSizeF(); };
        const qreal normalClaimValueFontSize = claimValueFontSize();
        auto *details = window.directoryPanel()->findChild<DirectoryDetails *>()->tree();
        const auto detailValueFontSize = [details] { return details->topLevelItem(0)->font(1).pointSizeF(); };
        const qreal normalDetailValueFontSize = detailValueFontSize();
        const qreal graphZoom = window.directoryPanel()->view()->zoom();
        auto *legend = window.directoryPanel()->findChild<GraphLegend *>();
        window.showPanel(MainWindow::DirectoryTab);
        QCoreApplication::processEvents();
        QCOMPARE(legend->isVisible(), true);
        for (int tab = 0; tab < window.tabs()->count(); ++tab) {
            window.showPanel(MainWindow::Panel(tab));
            screenshot(window, QStringLiteral("100-tab%1").arg(tab));
        }

        struct Mode
        {
            Qt::KeyboardModifiers modifiers;
            qreal factor;
            const char *action;
        };
        for (const Mode &mode :
            { Mode { Qt::NoModifier, 1.5, "presenter150" }, Mode { Qt::ShiftModifier, 2.0, "presenter200" } }) {
            QTest::keyClick(&window, Qt::Key_F11, mode.modifiers);
            QVERIFY(window.action(QLatin1String(mode.action))->isChecked());
            QCOMPARE(window.zoom().factor(), mode.factor);
            QCoreApplication::processEvents();
            const QString name = QString::number(qRound(mode.factor * 100));

            // The scaled metrics really grew: the style's, the fonts, the icons, a scroll bar, the graph.
            const Metrics scaled = metricsOf(window);
            const QStyle *style = QApplication::style();
            QCOMPARE(style->pixelMetric(QStyle::PM_SmallIconSize), qRound(normal.style.at(0) * mode.factor));
            QCOMPARE(style->pixelMetric(QStyle::PM_ScrollBarExtent), qRound(normal.style.at(8) * mode.factor));
            QCOMPARE(style->pixelMetric(QStyle::PM_IndicatorWidth), qRound(normal.style.at(5) * mode.factor));
            QCOMPARE(scaled.fontPointSize, normal.fontPointSize * mode.factor);
            QCOMPARE(scaled.tabIcons, normal.tabIcons * mode.factor);
            // Fonts that a model hands its view grow too (the claims' values: the fixed-width font).
            QCOMPARE(claimValueFontSize(), normalClaimValueFontSize * mode.factor);
            QCOMPARE(detailValueFontSize(), normalDetailValueFontSize * mode.factor); // the directory's details too
            for (qsizetype i = 0; i < normal.sizeHints.size(); ++i)
                QVERIFY(scaled.sizeHints.at(i).height() > normal.sizeHints.at(i).height());
            QScrollBar bar(Qt::Vertical);
            QCOMPARE(bar.sizeHint().width(), qRound(normal.style.at(8) * mode.factor));

            // It fits the projector: the window is still 1280x720 and nothing lies beyond it, on every tab.
            for (int tab = 0; tab < window.tabs()->count(); ++tab) {
                window.showPanel(MainWindow::Panel(tab));
                QCoreApplication::processEvents();
                if (window.size() != kProjector) {
                    screenshot(window, QStringLiteral("debug-%1-tab%2").arg(name).arg(tab));
                    for (QWidget *w : window.findChildren<QWidget *>()) {
                        const QSize m = w->minimumSizeHint().expandedTo(w->minimumSize());
                        if (w->isVisibleTo(&window) && (m.width() > 500 || m.height() > 300))
                            qDebug() << w->metaObject()->className() << w->objectName() << m << "parent"
                                     << (w->parentWidget() ? w->parentWidget()->metaObject()->className() : "");
                    }
                }
                QCOMPARE(window.size(), kProjector);
                const QStringList beyond = widgetsBeyond(window);
                QVERIFY2(beyond.isEmpty(),
                    qPrintable(name + QStringLiteral("%, tab ") + QString::number(tab) + QStringLiteral(": ")
                        + beyond.join(QStringLiteral("; "))));
                screenshot(window, QStringLiteral("%1-tab%2").arg(name).arg(tab));
            }
            // Every tab's main view is visible at a usable size.
            window.showPanel(MainWindow::TokenTab);
            QTest::qWait(20);
            verifyUsable(window.findChild<QWidget *>(QStringLiteral("resultEndpoint"))->parentWidget(),
                QStringLiteral("the token's result"), QSize(400, 150));
            window.showPanel(MainWindow::ClaimsTab);
            QTest::qWait(20);
            verifyUsable(window.findChild<QTableView *>(QStringLiteral("claimsView")), QStringLiteral("the claims"),
                QSize(400, 100));
            window.showPanel(MainWindow::CallTab);
            QTest::qWait(20);
            verifyUsable(window.findChild<QWidget *>(QStringLiteral("responseView")), QStringLiteral("the answer"),
                QSize(400, 100));
            // A new answer is scrolled into sight too, whoever made the call (a lesson's action, as the room watches).
            window.findChild<QScrollArea *>(QStringLiteral("centralArea"))->verticalScrollBar()->setValue(0);
            QSignalSpy calledAgain(window.callPanel(), &CallPanel::callFinished);
            window.callPanel()->send();
            QVERIFY(calledAgain.wait(15000));
            QTest::qWait(20);
            verifyUsable(window.findChild<QWidget *>(QStringLiteral("responseView")), QStringLiteral("the new answer"),
                QSize(400, 100));
            window.showPanel(MainWindow::DirectoryTab);
            QTest::qWait(20);
            verifyUsable(window.directoryPanel()->view(), QStringLiteral("the graph"), QSize(500, 200));
            verifyGraphFitted(window.directoryPanel(), mode.factor);
            if (QTest::currentTestFailed())
                return;
            // The legend is out of the graph's way: a sixth of the graph's page at most (one line when the whole key
            // would take more; with the graph the whole width of the panel, it may fit whole).
            QVERIFY2(legend->height() <= legend->parentWidget()->height() / 6,
                qPrintable(QStringLiteral("legend %1 px of a %2 px page")
                               .arg(legend->height())
                               .arg(legend->parentWidget()->height())));
            // The lessons dock is a compact step bar: the step and its buttons, not the lesson list.
            QVERIFY(lessonsDock->isVisible());
            QVERIFY(!lessonList->isVisible());
            verifyUsable(lessonsDock->findChild<QPushButton *>(QStringLiteral("performAction")),
                QStringLiteral("the step's action"), QSize(60, 20));
            // Secrets stay masked.
            for (QWidget *w : window.findChildren<QWidget *>())
                QVERIFY(!UiZoom::isSecret(w) || UiZoom::isVeiled(w));
        }

        // Shift+F11 again: presenter mode ends, and 100% is exactly what it was.
        QTest::keyClick(&window, Qt::Key_F11, Qt::ShiftModifier);
        QVERIFY(!window.zoom().isPresenter());
        QCoreApplication::processEvents();
        QCOMPARE(metricsOf(window), normal);
        QCOMPARE(claimValueFontSize(), normalClaimValueFontSize);
        QCOMPARE(window.directoryPanel()->view()->zoom(), graphZoom);
        QVERIFY(lessonList->isVisibleTo(&window));
        for (QWidget *w : window.findChildren<QWidget *>())
            QVERIFY(!UiZoom::isSecret(w) || !UiZoom::isVeiled(w));
    }
};

QTEST_MAIN(TestPresenter)
#include "test_presenter.moc"
