// identity-explorer: the GUI. Thin: builds the session and the window; behaviour lives in idex_core and idex_ui.
#include "appinfo.h"
#include "applicationwindow.h"

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

    // The session, the window, the built-in emulator (seed scenario, ephemeral 127.0.0.1 port) and the docks.
    idex::ui::ApplicationWindow gui;
    gui.show();
    return app.exec();
}
