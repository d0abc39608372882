#pragma once
// Window tests that need content in the panels: a token from the window's emulator (its claims, its times) and a
// call's answer, got through the panels' own buttons.
#include "call/callpanel.h"
#include "mainwindow.h"
#include "token/tokenpanel.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

namespace idex::testing {

inline void getTokenAndCallTheFirstApi(ui::MainWindow &window)
{
    window.showPanel(ui::MainWindow::TokenTab);
    QSignalSpy obtained(window.tokenPanel(), &ui::TokenPanel::tokenObtained);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("getTokenButton")), Qt::LeftButton);
    QVERIFY(obtained.wait(15000));
    window.showPanel(ui::MainWindow::CallTab);
    QTRY_VERIFY(!window.callPanel()->scenarioApis().isEmpty());
    window.findChild<QLineEdit *>(QStringLiteral("urlEdit"))
        ->setText(window.callPanel()->scenarioApis().first().url.toString());
    QSignalSpy called(window.callPanel(), &ui::CallPanel::callFinished);
    window.callPanel()->send();
    QVERIFY(called.wait(15000));
}

} // namespace idex::testing
