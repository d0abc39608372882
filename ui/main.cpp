// identity-explorer: the GUI. Thin: builds the session and the window; behaviour lives in idex_core and idex_ui.
#include "appinfo.h"
#include "emulator/embeddedemulator.h"
#include "emulator/emulatordock.h"
#include "lessons/controlhighlight.h"
#include "lessons/lessonsdock.h"
#include "mainwindow.h"
#include "session/session.h"

#include <QApplication>
#include <QNetworkProxyFactory>

#include <cstdio>
#include <cstring>

int main(int argc, char **argv)
{
    // --version answers without a display, so it works over SSH and in package checks.
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::printf("%s\n", qPrintable(idex::versionLine(QStringLiteral("identity-explorer"))));
            return 0;
        }
    }

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("IdentityExplorer"));
    QApplication::setApplicationName(QStringLiteral("identity-explorer"));
    QApplication::setApplicationDisplayName(QStringLiteral("Identity Explorer"));
    QApplication::setApplicationVersion(idex::productVersion());
    QApplication::setDesktopFileName(QStringLiteral("io.github.identity_explorer.IdentityExplorer"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/identity-explorer.svg")));
    QNetworkProxyFactory::setUseSystemConfiguration(true);

    idex::Session session;
    idex::ui::MainWindow window(session);
    // The emulator outlives nothing that uses it: declared after the window, destroyed before it.
    idex::ui::EmbeddedEmulator embedded(session);
    window.addToolDock(new idex::ui::EmulatorDock(embedded, &window), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    auto *lessons = new idex::ui::LessonsDock(session, &window);
    lessons->driveEmulator(embedded); // one emulator for the panels, the emulator dock and the lessons
    window.addToolDock(lessons, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    idex::ui::followLessonPointers(*lessons, window);
    window.show();
    embedded.startLater(idex::emulator::EmulatorOptions {}, &window); // seed scenario, ephemeral 127.0.0.1 port
    return app.exec();
}
