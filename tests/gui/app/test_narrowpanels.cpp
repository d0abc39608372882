// The panels reflow when narrow (issue 13): at 1280x720 in presenter mode (150% and 200%: 853 and 640 logical pixels
// wide) and at 1024x700 at 100%, the Token, Claims and Test call panels (every Claims sub-tab, every tab of the
// request and of the answer) show no horizontal scroll bar and lay out no widget beyond the viewport of the scroll area
// it is in: rows wrap, panes stack, values elide or wrap. And a round trip 150% -> 200% -> 100% gives back exactly the
// minimum sizes of 100%, the window's and each panel's. With IDEX_SCREENSHOT_DIR set it saves every state checked.
#include "call/callpanel.h"
#include "claims/claimspanel.h"
#include "emulator/embeddedemulator.h"
#include "emulator/emulatordock.h"
#include "mainwindow.h"
#include "session/session.h"
#include "support/guitestapp.h"
#include "token/tokenpanel.h"
#include "window/uizoom.h"
#include "windowcontent.h"

#include <QAbstractItemView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTextEdit>

using namespace idex;
using namespace idex::ui;
using namespace idex::testsupport;

namespace {

struct Setting
{
    QSize size;
    qreal presenter; ///< 0: not presenter mode (100%)
    const char *name;
};

const Setting kSettings[] = {
    { QSize(1280, 720), 1.5, "1280x720-150" },
    { QSize(1280, 720), 2.0, "1280x720-200" },
    { QSize(1024, 700), 0, "1024x700-100" },
};

QString describe(const QWidget *w)
{
    QStringList chain;
    for (const QWidget *p = w; p && !p->isWindow(); p = p->parentWidget()) {
        chain.prepend(p->objectName().isEmpty() ? QString::fromLatin1(p->metaObject()->className()) : p->objectName());
        if (chain.size() == 4)
            break;
    }
    return chain.join(u'/');
}

/*! A text view scrolls long lines sideways by nature (a JSON line, a header value): it is the text that is wide,
    not the layout. Everything else (the window's area, a panel's own scroll areas, tables and trees) must fit. */
bool scrollsTextSideways(const QAbstractScrollArea *area)
{
    return qobject_cast<const QPlainTextEdit *>(area) || qobject_cast<const QTextEdit *>(area);
}

/*! What is wrong, sideways, with what \a panel shows: scroll areas scrolling sideways, widgets beyond the viewport
    of the scroll area they are in, or beyond their parent (clipped). */
QStringList sidewaysProblems(QWidget *panel, QWidget *window)
{
    QStringList problems;
    QList<QAbstractScrollArea *> areas = panel->findChildren<QAbstractScrollArea *>();
    // The window's own area holds every panel.
    for (QWidget *w = panel->parentWidget(); w && w != window; w = w->parentWidget()) {
        if (auto *area = qobject_cast<QAbstractScrollArea *>(w))
            areas << area;
    }
    for (QAbstractScrollArea *area : std::as_const(areas)) {
        if (!area->isVisibleTo(window) || scrollsTextSideways(area))
            continue;
        if (area->horizontalScrollBar()->isVisibleTo(window) && area->horizontalScrollBar()->maximum() > 0)
            problems << QStringLiteral("%1 scrolls sideways (%2 px)")
                            .arg(describe(area))
                            .arg(area->horizontalScrollBar()->maximum());
        if (auto *scroll = qobject_cast<QScrollArea *>(area); scroll && scroll->widget()) {
            if (scroll->widget()->width() > scroll->viewport()->width())
                problems << QStringLiteral("%1 is %2 px wide in a %3 px viewport")
                                .arg(describe(scroll->widget()))
                                .arg(scroll->widget()->width())
                                .arg(scroll->viewport()->width());
        }
    }
    for (QWidget *w : panel->findChildren<QWidget *>()) {
        QWidget *parent = w->parentWidget();
        if (!w->isVisibleTo(window) || w->isWindow() || !parent)
            continue;
        // An item view's editors and a scroll area's viewport child are placed by their view.
        if (qobject_cast<QAbstractScrollArea *>(parent) || qobject_cast<QAbstractScrollArea *>(parent->parentWidget()))
            continue;
        if (w->x() < 0 || w->x() + w->width() > parent->width())
            problems << QStringLiteral("%1 at x %2, %3 px wide, beyond its parent's %4 px")
                            .arg(describe(w))
                            .arg(w->x())
                            .arg(w->width())
                            .arg(parent->width());
    }
    return problems;
}

void screenshot(QWidget &window, const QString &name)
{
    const QString dir = qEnvironmentVariable("IDEX_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    window.grab().save(QStringLiteral("%1/%2.png").arg(dir, name));
}

/*! Every widget of the three panels that the test shows in turn: the panel's tabs, each sub-tab. */
struct Page
{
    MainWindow::Panel panel;
    const char *tabs; ///< a QTabWidget inside the panel, or nullptr
    int index;
};

QList<Page> pagesOf(MainWindow &window)
{
    QList<Page> pages;
    const auto subTabs = [&](MainWindow::Panel panel, const char *name) {
        auto *tabs = window.findChild<QTabWidget *>(QLatin1String(name));
        if (!tabs)
            qFatal("no %s", name);
        for (int i = 0; i < tabs->count(); ++i)
            pages << Page { panel, name, i };
    };
    pages << Page { MainWindow::TokenTab, nullptr, 0 };
    subTabs(MainWindow::ClaimsTab, "claimsTabs");
    subTabs(MainWindow::CallTab, "requestTabs");
    subTabs(MainWindow::CallTab, "responseTabs");
    return pages;
}

QWidget *panelOf(MainWindow &window, MainWindow::Panel panel)
{
    switch (panel) {
    case MainWindow::TokenTab: return window.tokenPanel();
    case MainWindow::ClaimsTab: return window.claimsPanel();
    case MainWindow::CallTab: return window.callPanel();
    case MainWindow::DirectoryTab: break;
    }
    return nullptr;
}

void settle()
{
    // Layouts answer in posted events, a reflow in a second round.
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::processEvents();
        QTest::qWait(10);
    }
}

/*! The window's and each panel's minimum size hint, every tab visited first (a hidden tab measures when shown). */
QList<QSize> minimumsAfterVisitingTabs(MainWindow &window)
{
    for (const Page &page : pagesOf(window)) {
        window.showPanel(page.panel);
        if (page.tabs)
            window.findChild<QTabWidget *>(QLatin1String(page.tabs))->setCurrentIndex(page.index);
        settle();
    }
    window.showPanel(MainWindow::TokenTab);
    settle();
    QList<QSize> sizes { window.minimumSizeHint() };
    for (auto panel : { MainWindow::TokenTab, MainWindow::ClaimsTab, MainWindow::CallTab })
        sizes << panelOf(window, panel)->minimumSizeHint();
    return sizes;
}

} // namespace

class TestNarrowPanels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { prepareGuiTestApplication(QStringLiteral("IdentityExplorerTestNarrowPanels")); }

    void panelsReflowAndZoomReturnsToTheSameMinimums()
    {
        Session session;
        MainWindow window(session);
        EmbeddedEmulator embedded(session);
        window.addToolDock(new EmulatorDock(embedded, &window), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(embedded.startNow(emulator::EmulatorOptions {}));

        // Content in every panel: a token (its claims, its times), a call's answer.
        idex::testing::getTokenAndCallTheFirstApi(window);
        if (QTest::currentTestFailed())
            return;

        const QList<QSize> normal = minimumsAfterVisitingTabs(window);

        QStringList failures;
        for (const Setting &setting : kSettings) {
            window.zoom().setPresenter(setting.presenter);
            settle(); // the panels reflow to the new zoom first: a window grows to its minimum, never shrinks
            window.resize(setting.size);
            settle();
            for (const Page &page : pagesOf(window)) {
                window.showPanel(page.panel);
                QString name
                    = QString::fromLatin1(setting.name) + QStringLiteral("-tab") + QString::number(int(page.panel));
                if (page.tabs) {
                    window.findChild<QTabWidget *>(QLatin1String(page.tabs))->setCurrentIndex(page.index);
                    name += QStringLiteral("-%1%2").arg(QLatin1String(page.tabs)).arg(page.index);
                }
                settle();
                if (window.size() != setting.size)
                    failures
                        << QStringLiteral("%1: the window is %2x%3").arg(name).arg(window.width()).arg(window.height());
                for (const QString &problem : sidewaysProblems(panelOf(window, page.panel), &window))
                    failures << name + QStringLiteral(": ") + problem;
                screenshot(window, name);
            }
        }
        failures.removeDuplicates();
        for (const QString &failure : std::as_const(failures))
            qWarning("%s", qPrintable(failure)); // QVERIFY2 cuts a long message
        QVERIFY2(failures.isEmpty(),
            qPrintable(QStringLiteral("%1 problems, the first: %2").arg(failures.size()).arg(failures.value(0))));

        // 100% again: exactly the minimums of before, the window's and each panel's.
        window.zoom().setPresenter(0);
        settle();
        window.resize(1280, 720);
        settle();
        QCOMPARE(minimumsAfterVisitingTabs(window), normal);
        // The same through the keys: F11 (150%), Shift+F11 (200%), Shift+F11 (100%).
        QTest::keyClick(&window, Qt::Key_F11);
        settle();
        QTest::keyClick(&window, Qt::Key_F11, Qt::ShiftModifier);
        settle();
        QCOMPARE(window.zoom().factor(), 2.0);
        minimumsAfterVisitingTabs(window);
        QTest::keyClick(&window, Qt::Key_F11, Qt::ShiftModifier);
        QVERIFY(!window.zoom().isPresenter());
        settle();
        QCOMPARE(minimumsAfterVisitingTabs(window), normal);
    }
};

QTEST_MAIN(TestNarrowPanels)
#include "test_narrowpanels.moc"
