// The GUI's cold start to its first token, run as a child by bench_startup: what identity-explorer builds
// (ApplicationWindow), then Get token pressed the moment the built-in emulator runs, as a person who clicks at once.
// Prints "window <ms>" when the window is shown, "token <ms>" when the session holds the token (both since main()
// began), then exits 0; exits 1 when no token comes within 20 s. The token itself is never printed.
// Settings are kept apart (QStandardPaths test mode): a run neither reads nor changes the user's layout.
#include "applicationwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPushButton>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv)
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("IdentityExplorerBench"));
    QApplication::setApplicationName(QStringLiteral("identity-explorer"));

    idex::ui::ApplicationWindow gui;
    gui.show();
    std::printf("window %.1f\n", double(sinceStart.nsecsElapsed()) / 1e6);
    std::fflush(stdout);
    auto *getToken = gui.window().findChild<QPushButton *>(QStringLiteral("getTokenButton"));
    if (!getToken)
        return 1;
    QObject::connect(&gui.emulator(), &idex::ui::EmbeddedEmulator::runStarted, getToken, [getToken] {
        // After the panels have taken the new emulator (they follow the same signal's consequences).
        QTimer::singleShot(0, getToken, [getToken] { getToken->click(); });
    });
    QObject::connect(&gui.session(), &idex::Session::currentTokenChanged, &app, [&] {
        if (gui.session().currentToken().accessToken.isEmpty())
            return;
        std::printf("token %.1f\n", double(sinceStart.nsecsElapsed()) / 1e6);
        std::fflush(stdout);
        QApplication::exit(0);
    });
    QTimer::singleShot(20000, &app, [] { QApplication::exit(1); });
    return app.exec();
}
