// The reflowing widgets of ui/widgets/reflow on their own, with real widgets laid out by Qt: a row of buttons that
// becomes a column when narrower than the buttons side by side and a row again when wide enough; side-by-side panes
// that stack and come back with the widths they had; a scroll area as wide as its contents, never scrolled sideways.
#include "widgets/reflow.h"

#include <QPushButton>
#include <QScrollBar>
#include <QTest>
#include <QVBoxLayout>

using namespace idex::ui;

namespace {

/*! A pane that cannot be narrower than \a width. */
QWidget *pane(int width, int height)
{
    auto *widget = new QWidget;
    widget->setMinimumSize(width, height);
    return widget;
}

void layOut(QWidget &window, int width)
{
    window.resize(width, window.height());
    for (int i = 0; i < 3; ++i)
        QCoreApplication::processEvents(); // a direction switch asks for a second layout
}

} // namespace

class TestReflow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowBecomesAColumnAndARowAgain()
    {
        QWidget window;
        auto *outer = new QVBoxLayout(&window);
        auto *row = new ReflowLayout;
        row->setContentsMargins(0, 0, 0, 0);
        row->setSpacing(6);
        QList<QPushButton *> buttons;
        for (int i = 0; i < 3; ++i) {
            auto *button = new QPushButton(QStringLiteral("A button of some width %1").arg(i), &window);
            button->setMinimumWidth(150 + 20 * i); // a set minimum is what a layout goes by
            buttons << button;
            row->addWidget(button);
        }
        outer->addLayout(row);
        outer->addStretch(1);
        window.resize(800, 300);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        layOut(window, 800);

        QVERIFY(!row->isStacked());
        QCOMPARE(buttons.at(0)->y(), buttons.at(2)->y()); // side by side
        const int sideBySide = row->sideBySideWidth();
        QCOMPARE(sideBySide, 150 + 170 + 190 + 2 * 6);
        // Its minimum is the widest button's, not the three together: the window may be narrow.
        QCOMPARE(row->minimumSize().width(), 190);
        // One above the other it asks for more height than in a row.
        QVERIFY(row->heightForWidth(sideBySide - 1) > row->heightForWidth(sideBySide));

        layOut(window, sideBySide - 40 + 2 * outer->contentsMargins().left());
        QVERIFY(row->isStacked());
        QVERIFY(buttons.at(2)->y() > buttons.at(1)->y());
        QVERIFY(buttons.at(1)->y() > buttons.at(0)->y());
        for (QPushButton *button : buttons)
            QVERIFY2(button->geometry().right() < window.width(), qPrintable(QString::number(button->x())));

        layOut(window, 800);
        QVERIFY(!row->isStacked());
        QCOMPARE(buttons.at(0)->y(), buttons.at(2)->y());
    }

    void panesStackAndComeBackWithTheirWidths()
    {
        QWidget window;
        auto *layout = new QVBoxLayout(&window);
        layout->setContentsMargins(0, 0, 0, 0);
        auto *splitter = new ReflowSplitter;
        splitter->addWidget(pane(300, 80));
        splitter->addWidget(pane(200, 60));
        splitter->setMainPane(0);
        layout->addWidget(splitter);
        window.resize(700, 400);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        layOut(window, 700);
        QVERIFY(!splitter->isStacked());
        splitter->setSizes({ 450, 244 });
        const QList<int> chosen = splitter->sizes();
        // The widest pane's width, the taller pane's height: what it cannot go below, stacked or not.
        QCOMPARE(splitter->minimumSizeHint(), QSize(300, 80));
        QCOMPARE(splitter->heightForWidth(splitter->sideBySideWidth()), 80);
        QVERIFY(splitter->heightForWidth(splitter->sideBySideWidth() - 1) >= 80 + 60);

        layOut(window, 400);
        QVERIFY(splitter->isStacked());
        QCOMPARE(splitter->widget(0)->width(), 400);
        QVERIFY(splitter->widget(1)->y() >= splitter->widget(0)->geometry().bottom());
        // The main pane has the larger share.
        QVERIFY(splitter->widget(0)->height() > splitter->widget(1)->height());

        layOut(window, 700);
        QVERIFY(!splitter->isStacked());
        QCOMPARE(splitter->sizes(), chosen);
    }

    void scrollAreaIsAsWideAsItsContents()
    {
        QWidget window;
        auto *layout = new QVBoxLayout(&window);
        auto *area = new VerticalScrollArea;
        auto *content = new QWidget;
        auto *rows = new QVBoxLayout(content);
        for (int i = 0; i < 30; ++i)
            rows->addWidget(pane(420, 20));
        area->setWidget(content);
        layout->addWidget(area);
        window.resize(600, 200);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCoreApplication::processEvents();
        // Up and down only: the contents' width and the vertical bar, so whoever holds it gives it that much.
        QVERIFY(area->minimumSizeHint().width() >= content->minimumSizeHint().width());
        QVERIFY(area->minimumSizeHint().width()
            >= content->minimumSizeHint().width() + area->verticalScrollBar()->sizeHint().width());
        QVERIFY(area->verticalScrollBar()->isVisible());
        QVERIFY(!area->horizontalScrollBar()->isVisible());
        QVERIFY(content->width() <= area->viewport()->width());
        // A wider contents minimum reaches the layout above: the window cannot be made narrower than it.
        for (QWidget *row : content->findChildren<QWidget *>())
            row->setMinimumWidth(520);
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        QVERIFY2(area->minimumSizeHint().width() >= 520, qPrintable(QString::number(area->minimumSizeHint().width())));
        QVERIFY(window.minimumSizeHint().width() >= 520);
    }
};

QTEST_MAIN(TestReflow)
#include "test_reflow.moc"
