// The packages, built and checked from the current build tree (issue #8): cpack makes the .deb and the portable
// .tar.gz in a scratch folder; the test reads the .deb's fields and contents, unpacks it (dpkg -x) and runs what is
// inside against the system Qt, asks apt whether a fresh Debian could install it, validates the desktop entry and
// the AppStream metainfo, and does the same runs for the .tar.gz extracted into a folder whose name has a space,
// checking that everything it loads comes from the archive except the host libraries it is meant to take.
#include "idex/version.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QString kAppId = QStringLiteral(IDEX_DESKTOP_ID);
const QString kVersion = QStringLiteral(IDEX_VERSION_STRING);

struct Run
{
    int exitCode = -1;
    bool finished = false;
    QString out;
    QString err;
};

} // namespace

class TestPackaging : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void debControlFields();
    void debDependsOnEveryLinkedLibrary_data();
    void debDependsOnEveryLinkedLibrary();
    void debContents_data();
    void debContents();
    void debBinariesUseTheSystemLibraries();
    void debInstallsOnFreshDebian();
    void debPassesLintian();
    void desktopEntryAndMetainfoValidate();
    void manPages();
    void debVersion_data();
    void debVersion();
    void debGuiStaysUp_data();
    void debGuiStaysUp();

    void tgzContents_data();
    void tgzContents();
    void tgzVersion_data();
    void tgzVersion();
    void tgzExecutablesLoadOnlyBundledOrHostLibraries_data();
    void tgzExecutablesLoadOnlyBundledOrHostLibraries();
    void tgzIdexUsesTheBundledOpenSsl();
    void tgzGuiStaysUp_data();
    void tgzGuiStaysUp();

private:
    Run run(const QString &program, const QStringList &arguments, int timeoutMs = 120000) const;
    QProcessEnvironment cleanEnvironment() const;
    QString debField(const QString &field) const;
    bool isHostLibrary(const QString &fileName) const;
    void guiPlatforms();
    void checkGuiStaysUp(const QString &executable, const QString &expectedPluginDir, bool portable);
    bool startXvfb();

    std::unique_ptr<QTemporaryDir> m_scratch;
    QString m_deb;
    QString m_tgz;
    QStringList m_debFiles; // dpkg-deb -c, read once
    QString m_debRoot; // the .deb unpacked with dpkg -x
    QString m_portable; // the top folder of the extracted .tar.gz
    QList<QRegularExpression> m_hostLibraries;
    std::unique_ptr<QProcess> m_xvfb; // an X server of the test's own, for the xcb runs
    QString m_display;
};

Run TestPackaging::run(const QString &program, const QStringList &arguments, int timeoutMs) const
{
    QProcess process;
    process.setProcessEnvironment(cleanEnvironment());
    process.start(program, arguments);
    Run result;
    if (!process.waitForStarted(30000)) {
        result.err = QStringLiteral("could not start %1: %2").arg(program, process.errorString());
        return result;
    }
    result.finished = process.waitForFinished(timeoutMs);
    if (!result.finished)
        process.kill();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromLocal8Bit(process.readAllStandardOutput());
    result.err = QString::fromLocal8Bit(process.readAllStandardError());
    return result;
}

// What a user's shell would give the unpacked programs: no library or plugin path of the build, and a home of
// their own in the scratch folder so that the GUI's settings never land in the real one.
QProcessEnvironment TestPackaging::cleanEnvironment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : { "LD_LIBRARY_PATH", "LD_PRELOAD", "QT_PLUGIN_PATH", "QT_QPA_PLATFORM_PLUGIN_PATH" })
        env.remove(QString::fromLatin1(name));
    const QString home = m_scratch->filePath(QStringLiteral("home"));
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/.cache"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    return env;
}

QString TestPackaging::debField(const QString &field) const
{
    const Run result = run(QStringLiteral("dpkg-deb"), { QStringLiteral("-f"), m_deb, field });
    return result.exitCode == 0 ? result.out.trimmed() : QString();
}

bool TestPackaging::isHostLibrary(const QString &fileName) const
{
    for (const QRegularExpression &pattern : m_hostLibraries) {
        if (pattern.match(fileName).hasMatch())
            return true;
    }
    return false;
}

void TestPackaging::initTestCase()
{
    for (const char *tool : { "dpkg-deb", "dpkg", "tar", "ldd", "objdump", "desktop-file-validate", "appstreamcli" }) {
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
            QFAIL(qPrintable(QStringLiteral("%1 is missing: run installer/install-deps.sh").arg(QLatin1String(tool))));
    }

    QFile patterns(QStringLiteral(IDEX_SYSTEM_LIBS_FILE));
    QVERIFY2(patterns.open(QIODevice::ReadOnly | QIODevice::Text), qPrintable(patterns.fileName()));
    while (!patterns.atEnd()) {
        const QString line = QString::fromUtf8(patterns.readLine()).trimmed();
        if (!line.isEmpty() && !line.startsWith(u'#'))
            m_hostLibraries.append(QRegularExpression(line));
    }
    QVERIFY(m_hostLibraries.size() > 10);

    // The scratch folder lives in the build tree and goes away with the test.
    m_scratch = std::make_unique<QTemporaryDir>(QStringLiteral(IDEX_BINARY_DIR "/packaging-XXXXXX"));
    QVERIFY2(m_scratch->isValid(), qPrintable(m_scratch->errorString()));
    QVERIFY(QDir().mkpath(m_scratch->filePath(QStringLiteral("home"))));

    QElapsedTimer timer;
    timer.start();
    const Run cpack = run(QStringLiteral(IDEX_CPACK),
        { QStringLiteral("-G"), QStringLiteral("DEB;TGZ"), QStringLiteral("--config"),
            QStringLiteral(IDEX_BINARY_DIR "/CPackConfig.cmake"), QStringLiteral("-B"),
            m_scratch->filePath(QStringLiteral("out")) },
        240000);
    QVERIFY2(cpack.finished && cpack.exitCode == 0, qPrintable(cpack.out + cpack.err));
    qInfo("cpack made the .deb and the .tar.gz in %lld ms", qint64(timer.elapsed()));

    const QDir out(m_scratch->filePath(QStringLiteral("out")));
    const QStringList debs = out.entryList({ QStringLiteral("*.deb") }, QDir::Files);
    const QStringList tgzs = out.entryList({ QStringLiteral("*.tar.gz") }, QDir::Files);
    QCOMPARE(debs.size(), 1);
    QCOMPARE(tgzs.size(), 1);
    m_deb = out.filePath(debs.first());
    m_tgz = out.filePath(tgzs.first());
    QCOMPARE(debs.first(), QStringLiteral("identity-explorer_%1_%2.deb").arg(kVersion, QStringLiteral(IDEX_DEB_ARCH)));
    qInfo("package sizes: %s %lld bytes, %s %lld bytes", qPrintable(debs.first()), QFileInfo(m_deb).size(),
        qPrintable(tgzs.first()), QFileInfo(m_tgz).size());

    m_debRoot = m_scratch->filePath(QStringLiteral("debroot"));
    const Run unpack = run(QStringLiteral("dpkg"), { QStringLiteral("-x"), m_deb, m_debRoot });
    QVERIFY2(unpack.exitCode == 0, qPrintable(unpack.err));

    // "Any folder": one with a space in its name, far from the build tree's layout.
    const QString folder = m_scratch->filePath(QStringLiteral("any folder"));
    QVERIFY(QDir().mkpath(folder));
    const Run extract = run(QStringLiteral("tar"), { QStringLiteral("-xzf"), m_tgz, QStringLiteral("-C"), folder });
    QVERIFY2(extract.exitCode == 0, qPrintable(extract.err));
    const QStringList top = QDir(folder).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(top.size(), 1);
    m_portable = folder + u'/' + top.first();
}

void TestPackaging::cleanupTestCase()
{
    if (m_xvfb) {
        m_xvfb->terminate();
        if (!m_xvfb->waitForFinished(10000))
            m_xvfb->kill();
    }
}

void TestPackaging::debControlFields()
{
    QCOMPARE(debField(QStringLiteral("Package")), QStringLiteral("identity-explorer"));
    QCOMPARE(debField(QStringLiteral("Version")), kVersion);
    QCOMPARE(debField(QStringLiteral("Architecture")), QStringLiteral(IDEX_DEB_ARCH));
    QCOMPARE(debField(QStringLiteral("Section")), QStringLiteral("devel"));
    QCOMPARE(debField(QStringLiteral("Homepage")), QStringLiteral(IDEX_HOMEPAGE));
    QVERIFY2(
        debField(QStringLiteral("Maintainer")).contains(QRegularExpression(QStringLiteral("^.+ <[^ >]+@[^ >]+>$"))),
        qPrintable(debField(QStringLiteral("Maintainer"))));
    const QStringList description = debField(QStringLiteral("Description")).split(u'\n');
    QCOMPARE(description.first(), QStringLiteral(IDEX_SUMMARY));
    QVERIFY2(description.size() > 1, "the long description is missing");

    // Run-time plugins shlibdeps cannot see, named explicitly.
    const QStringList depends = debField(QStringLiteral("Depends")).split(QRegularExpression(QStringLiteral(",\\s*")));
    QVERIFY2(depends.contains(QStringLiteral("libqt6svg6")), qPrintable(depends.join(u',')));
    QVERIFY2(depends.contains(QStringLiteral("qt6-qpa-plugins")), qPrintable(depends.join(u',')));
    QVERIFY(debField(QStringLiteral("Recommends")).contains(QStringLiteral("qt6-gtk-platformtheme")));
}

void TestPackaging::debDependsOnEveryLinkedLibrary_data()
{
    QTest::addColumn<QString>("binary");
    QTest::newRow("identity-explorer") << QStringLiteral("identity-explorer");
    QTest::newRow("idex") << QStringLiteral("idex");
}

// Every library a packaged binary links (its NEEDED entries) belongs to a package that Depends names, with a
// minimum version: that is what dpkg-shlibdeps computes, and what makes apt pull it in.
void TestPackaging::debDependsOnEveryLinkedLibrary()
{
    QFETCH(QString, binary);
    const QString depends = debField(QStringLiteral("Depends"));
    const Run dump
        = run(QStringLiteral("objdump"), { QStringLiteral("-p"), m_debRoot + QStringLiteral("/usr/bin/") + binary });
    QCOMPARE(dump.exitCode, 0);
    const QRegularExpression neededLine(QStringLiteral("^\\s*NEEDED\\s+(\\S+)$"), QRegularExpression::MultilineOption);
    QStringList needed;
    for (auto it = neededLine.globalMatch(dump.out); it.hasNext();)
        needed.append(it.next().captured(1));
    QVERIFY2(needed.contains(QStringLiteral("libQt6Core.so.6")), qPrintable(needed.join(u' ')));

    for (const QString &soname : std::as_const(needed)) {
        const Run owner = run(QStringLiteral("dpkg"), { QStringLiteral("-S"), QStringLiteral("*/") + soname });
        QStringList packages;
        for (const QString &line : owner.out.split(u'\n', Qt::SkipEmptyParts)) {
            if (line.endsWith(u'/' + soname))
                packages.append(line.section(u':', 0, 0));
        }
        QVERIFY2(!packages.isEmpty(), qPrintable(QStringLiteral("no package owns %1").arg(soname)));
        bool named = false;
        for (const QString &package : std::as_const(packages))
            named = named
                || depends.contains(QRegularExpression(
                    QStringLiteral("(^|, )%1 \\(>= [^)]+\\)").arg(QRegularExpression::escape(package))));
        QVERIFY2(named,
            qPrintable(QStringLiteral("%1 needs %2 (from %3) but Depends is: %4")
                           .arg(binary, soname, packages.join(u'|'), depends)));
    }

    // The ones the issue names, whatever the binaries happen to link today ("t64": Ubuntu 24.04's names for them).
    if (binary == QLatin1String("identity-explorer")) {
        for (const char *package :
            { "libqt6widgets6", "libqt6gui6", "libqt6network6", "libqt6core6", "libssl3", "libc6" })
            QVERIFY2(depends.contains(
                         QRegularExpression(QStringLiteral("(^|, )%1(t64)? \\(>=").arg(QLatin1String(package)))),
                qPrintable(QStringLiteral("%1 missing in Depends: %2").arg(QLatin1String(package), depends)));
    }
}

void TestPackaging::debContents_data()
{
    QTest::addColumn<QString>("path");
    const QStringList paths = {
        QStringLiteral("./usr/bin/identity-explorer"),
        QStringLiteral("./usr/bin/idex"),
        QStringLiteral("./usr/share/applications/%1.desktop").arg(kAppId),
        QStringLiteral("./usr/share/metainfo/%1.metainfo.xml").arg(kAppId),
        QStringLiteral("./usr/share/icons/hicolor/scalable/apps/%1.svg").arg(kAppId),
        QStringLiteral("./usr/share/man/man1/idex.1.gz"),
        QStringLiteral("./usr/share/man/man1/identity-explorer.1.gz"),
        QStringLiteral("./usr/share/doc/identity-explorer/copyright"),
        QStringLiteral("./usr/share/doc/identity-explorer/changelog.gz"),
    };
    for (const QString &path : paths)
        QTest::newRow(qPrintable(path)) << path;
    for (int size : { 16, 22, 24, 32, 48, 64, 128, 256, 512 }) {
        const QString path = QStringLiteral("./usr/share/icons/hicolor/%1x%1/apps/%2.png").arg(size).arg(kAppId);
        QTest::newRow(qPrintable(path)) << path;
    }
}

void TestPackaging::debContents()
{
    QFETCH(QString, path);
    if (m_debFiles.isEmpty()) {
        const Run listing = run(QStringLiteral("dpkg-deb"), { QStringLiteral("-c"), m_deb });
        QCOMPARE(listing.exitCode, 0);
        for (const QString &line : listing.out.split(u'\n', Qt::SkipEmptyParts))
            m_debFiles.append(line.section(u' ', -1));
    }
    const QStringList &files = m_debFiles;
    QVERIFY2(files.contains(path), qPrintable(path + QStringLiteral(" is not in the .deb")));
    // The .deb uses the system Qt: nothing bundled, no private qt.conf.
    for (const QString &file : std::as_const(files)) {
        QVERIFY2(
            !file.startsWith(QLatin1String("./usr/lib")) && !file.endsWith(QLatin1String("qt.conf")), qPrintable(file));
    }

    // The PNG icons are real images of the size their folder says.
    const QRegularExpression sized(QStringLiteral("/(\\d+)x\\1/apps/.*\\.png$"));
    const QRegularExpressionMatch match = sized.match(path);
    if (match.hasMatch()) {
        QFile png(m_debRoot + path.mid(1));
        QVERIFY(png.open(QIODevice::ReadOnly));
        const QByteArray header = png.read(24);
        QVERIFY(header.startsWith("\x89PNG\r\n\x1a\n"));
        const int width = (uchar(header.at(16)) << 24) | (uchar(header.at(17)) << 16) | (uchar(header.at(18)) << 8)
            | uchar(header.at(19));
        QCOMPARE(width, match.captured(1).toInt());
    }
}

void TestPackaging::debBinariesUseTheSystemLibraries()
{
    for (const QString &binary : { QStringLiteral("identity-explorer"), QStringLiteral("idex") }) {
        const QString path = m_debRoot + QStringLiteral("/usr/bin/") + binary;
        const Run dump = run(QStringLiteral("objdump"), { QStringLiteral("-p"), path });
        QCOMPARE(dump.exitCode, 0);
        QVERIFY2(!dump.out.contains(QRegularExpression(QStringLiteral("\\b(RPATH|RUNPATH)\\b"))),
            qPrintable(binary + QStringLiteral(" in the .deb still has a library search path")));
        const Run ldd = run(QStringLiteral("ldd"), { path });
        QCOMPARE(ldd.exitCode, 0);
        QVERIFY2(!ldd.out.contains(QLatin1String("not found")), qPrintable(ldd.out));
        QVERIFY2(!ldd.out.contains(m_scratch->path()), qPrintable(ldd.out));
    }
}

// What `apt install ./identity-explorer_*.deb` does on a fresh Debian: apt is asked to simulate the installation
// with an empty package database, so every dependency must come from the archive's package lists.
void TestPackaging::debInstallsOnFreshDebian()
{
    const QDir lists(QStringLiteral("/var/lib/apt/lists"));
    if (QStandardPaths::findExecutable(QStringLiteral("apt-get")).isEmpty()
        || lists.entryList({ QStringLiteral("*_Packages*") }, QDir::Files).isEmpty())
        QSKIP("no apt package lists on this machine (apt-get update fills them)");
    const QString emptyStatus = m_scratch->filePath(QStringLiteral("empty-dpkg-status"));
    QFile status(emptyStatus);
    QVERIFY(status.open(QIODevice::WriteOnly));
    status.close();
    const Run apt = run(QStringLiteral("apt-get"),
        { QStringLiteral("-o"), QStringLiteral("Dir::State::status=") + emptyStatus, QStringLiteral("-o"),
            QStringLiteral("Debug::NoLocking=1"), QStringLiteral("install"), QStringLiteral("--simulate"),
            QStringLiteral("--no-install-recommends"), m_deb });
    QVERIFY2(apt.exitCode == 0, qPrintable(apt.out + apt.err));
    // What apt would install: Qt, OpenSSL and the package itself at least.
    for (const char *package : { "identity-explorer", "libqt6widgets6", "libqt6network6", "libqt6svg6", "libssl3" })
        QVERIFY2(apt.out.contains(QRegularExpression(QStringLiteral("\nInst %1(t64)? ").arg(QLatin1String(package)))),
            qPrintable(QStringLiteral("apt would not install %1:\n%2").arg(QLatin1String(package), apt.out)));
    qInfo("apt would install %lld packages on a fresh system", qint64(apt.out.count(QStringLiteral("\nInst "))));
}

// Debian's own package checker, when it is installed (it is not in install-deps.sh: large, and only a linter).
void TestPackaging::debPassesLintian()
{
    if (QStandardPaths::findExecutable(QStringLiteral("lintian")).isEmpty())
        QSKIP("lintian is not installed (apt install lintian)");
    const Run lintian = run(QStringLiteral("lintian"),
        { QStringLiteral("--fail-on"), QStringLiteral("error,warning"), QStringLiteral("--tag-display-limit"),
            QStringLiteral("0"), m_deb });
    QVERIFY2(lintian.finished && lintian.exitCode == 0, qPrintable(lintian.out + lintian.err));
}

void TestPackaging::desktopEntryAndMetainfoValidate()
{
    const QString desktop = m_debRoot + QStringLiteral("/usr/share/applications/%1.desktop").arg(kAppId);
    const QString metainfo = m_debRoot + QStringLiteral("/usr/share/metainfo/%1.metainfo.xml").arg(kAppId);

    const Run desktopCheck = run(QStringLiteral("desktop-file-validate"), { desktop });
    QVERIFY2(desktopCheck.exitCode == 0 && desktopCheck.out.trimmed().isEmpty(),
        qPrintable(desktopCheck.out + desktopCheck.err));
    const Run metainfoCheck
        = run(QStringLiteral("appstreamcli"), { QStringLiteral("validate"), QStringLiteral("--no-net"), metainfo });
    QVERIFY2(metainfoCheck.exitCode == 0, qPrintable(metainfoCheck.out + metainfoCheck.err));

    // One id everywhere: the desktop file's name and icon, the metainfo's id, launchable and release version.
    QFile desktopFile(desktop);
    QVERIFY(desktopFile.open(QIODevice::ReadOnly));
    const QString entry = QString::fromUtf8(desktopFile.readAll());
    QVERIFY(entry.contains(QStringLiteral("\nIcon=%1\n").arg(kAppId)));
    QVERIFY(entry.contains(QStringLiteral("\nExec=identity-explorer\n")));
    QFile metainfoFile(metainfo);
    QVERIFY(metainfoFile.open(QIODevice::ReadOnly));
    const QString xml = QString::fromUtf8(metainfoFile.readAll());
    QVERIFY(xml.contains(QStringLiteral("<id>%1</id>").arg(kAppId)));
    QVERIFY(xml.contains(QStringLiteral("<launchable type=\"desktop-id\">%1.desktop</launchable>").arg(kAppId)));
    QVERIFY(xml.contains(QStringLiteral("<release version=\"%1\"").arg(kVersion)));
}

void TestPackaging::manPages()
{
    for (const QString &page : { QStringLiteral("idex"), QStringLiteral("identity-explorer") }) {
        const Run text = run(QStringLiteral("gzip"),
            { QStringLiteral("-dc"), m_debRoot + QStringLiteral("/usr/share/man/man1/%1.1.gz").arg(page) });
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(
            text.out.contains(QStringLiteral(".TH %1 1 \"\" \"Identity Explorer %2\"").arg(page.toUpper(), kVersion)),
            qPrintable(text.out.left(400)));
        QVERIFY(text.out.contains(QLatin1String(".SH NAME")) && text.out.contains(QLatin1String(".SH SYNOPSIS")));
    }
}

void TestPackaging::debVersion_data()
{
    QTest::addColumn<QString>("binary");
    QTest::newRow("identity-explorer") << QStringLiteral("identity-explorer");
    QTest::newRow("idex") << QStringLiteral("idex");
}

void TestPackaging::debVersion()
{
    QFETCH(QString, binary);
    const Run version = run(m_debRoot + QStringLiteral("/usr/bin/") + binary, { QStringLiteral("--version") });
    QVERIFY2(version.exitCode == 0, qPrintable(version.err));
    QVERIFY2(
        version.out.startsWith(QStringLiteral("%1 %2 (Qt %3").arg(binary, kVersion, QString::fromLatin1(qVersion()))),
        qPrintable(version.out));
}

// Starts the GUI (offscreen, or on the test's own Xvfb for xcb) with Qt's plugin log on; waits until the SVG icon
// engine (the last plugin it needs at start-up) has loaded; checks where the platform plugin and every loaded library
// came from; then requires the process to still be running a moment later, and ends it.
void TestPackaging::guiPlatforms()
{
    QTest::addColumn<QString>("platform");
    QTest::newRow("offscreen") << QStringLiteral("offscreen");
    QTest::newRow("xcb") << QStringLiteral("xcb"); // the real X11 path: libqxcb, libQt6XcbQpa and the xcb libraries
}

// Xvfb picks a free display itself (-displayfd) and reports it once it accepts clients.
bool TestPackaging::startXvfb()
{
    if (m_xvfb)
        return m_xvfb->state() == QProcess::Running;
    m_xvfb = std::make_unique<QProcess>();
    m_xvfb->start(QStringLiteral("Xvfb"),
        { QStringLiteral("-displayfd"), QStringLiteral("1"), QStringLiteral("-screen"), QStringLiteral("0"),
            QStringLiteral("1280x800x24"), QStringLiteral("-nolisten"), QStringLiteral("tcp") });
    if (!m_xvfb->waitForStarted(30000))
        return false;
    QByteArray number;
    while (!number.contains('\n') && m_xvfb->waitForReadyRead(30000))
        number += m_xvfb->readAllStandardOutput();
    m_display = u':' + QString::fromLatin1(number.trimmed());
    return number.contains('\n');
}

void TestPackaging::checkGuiStaysUp(const QString &executable, const QString &expectedPluginDir, bool portable)
{
    QFETCH(QString, platform);
    QProcess gui;
    QProcessEnvironment env = cleanEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);
    env.insert(QStringLiteral("QT_DEBUG_PLUGINS"), QStringLiteral("1"));
    if (platform == QLatin1String("xcb")) {
        if (QStandardPaths::findExecutable(QStringLiteral("Xvfb")).isEmpty())
            QSKIP("Xvfb is not installed (installer/install-deps.sh installs it)");
        QVERIFY2(startXvfb(), "Xvfb did not start");
        env.insert(QStringLiteral("DISPLAY"), m_display);
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    }
    gui.setProcessEnvironment(env);
    QString log;
    connect(&gui, &QProcess::readyReadStandardError, this,
        [&] { log += QString::fromLocal8Bit(gui.readAllStandardError()); });
    gui.start(executable, {});
    QVERIFY2(gui.waitForStarted(30000), qPrintable(gui.errorString()));

    const auto loaded = [&](const QString &plugin) {
        return log.contains(QStringLiteral("\"%1/%2\" loaded library").arg(expectedPluginDir, plugin));
    };
    QTRY_VERIFY2_WITH_TIMEOUT(
        loaded(QStringLiteral("iconengines/libqsvgicon.so")) || gui.state() == QProcess::NotRunning,
        qPrintable(log.right(3000)), 60000);
    QVERIFY2(gui.state() == QProcess::Running, qPrintable(QStringLiteral("the GUI exited early:\n") + log.right(3000)));
    QVERIFY2(loaded(QStringLiteral("platforms/libq%1.so").arg(platform)), qPrintable(log.right(3000)));

    // Every shared object mapped into the running GUI.
    QFile maps(QStringLiteral("/proc/%1/maps").arg(gui.processId()));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    QSet<QString> objects;
    for (const QByteArray &line : maps.readAll().split('\n')) {
        const int slash = line.indexOf('/');
        if (slash >= 0 && line.contains(".so"))
            objects.insert(QString::fromLocal8Bit(line.mid(slash)));
    }
    QVERIFY(!objects.isEmpty());
    bool qtCoreSeen = false;
    for (const QString &object : std::as_const(objects)) {
        const bool inPackage = object.startsWith(portable ? m_portable + u'/' : m_debRoot + u'/');
        if (object.contains(QLatin1String("libQt6Core.so"))) {
            qtCoreSeen = true;
            QVERIFY2(inPackage == portable, qPrintable(QStringLiteral("Qt Core loaded from ") + object));
        }
        if (portable) {
            QVERIFY2(inPackage || isHostLibrary(QFileInfo(object).fileName()),
                qPrintable(QStringLiteral("the portable GUI loaded %1 from the host, and it is not in "
                                          "portable-system-libs.txt")
                               .arg(object)));
        }
    }
    QVERIFY(qtCoreSeen);

    QVERIFY2(!gui.waitForFinished(3000), qPrintable(QStringLiteral("the GUI did not stay up:\n") + log.right(3000)));
    gui.terminate();
    if (!gui.waitForFinished(10000))
        gui.kill();
    QVERIFY2(!log.contains(QLatin1String("Could not load the Qt platform plugin")), qPrintable(log.right(3000)));
}

void TestPackaging::debGuiStaysUp_data()
{
    guiPlatforms();
}

void TestPackaging::debGuiStaysUp()
{
    checkGuiStaysUp(
        m_debRoot + QStringLiteral("/usr/bin/identity-explorer"), QStringLiteral(IDEX_QT_PLUGINS_DIR), false);
}

void TestPackaging::tgzContents_data()
{
    QTest::addColumn<QString>("path");
    const QStringList paths = {
        QStringLiteral("bin/identity-explorer"),
        QStringLiteral("bin/idex"),
        QStringLiteral("bin/qt.conf"),
        QStringLiteral("lib/libQt6Core.so.6"),
        QStringLiteral("lib/libQt6Gui.so.6"),
        QStringLiteral("lib/libQt6Widgets.so.6"),
        QStringLiteral("lib/libQt6Network.so.6"),
        QStringLiteral("lib/libQt6Svg.so.6"),
        QStringLiteral("lib/libQt6XcbQpa.so.6"),
        QStringLiteral("lib/libssl.so.3"),
        QStringLiteral("lib/libssl.so"), // a link to libssl.so.3, the name Qt tries first
        QStringLiteral("lib/libcrypto.so.3"),
        QStringLiteral("plugins/platforms/libqxcb.so"),
        QStringLiteral("plugins/platforms/libqoffscreen.so"),
        QStringLiteral("plugins/iconengines/libqsvgicon.so"),
        QStringLiteral("plugins/imageformats/libqsvg.so"),
        QStringLiteral("plugins/tls/libqopensslbackend.so"),
        QStringLiteral("share/applications/%1.desktop").arg(kAppId),
        QStringLiteral("share/icons/hicolor/256x256/apps/%1.png").arg(kAppId),
        QStringLiteral("share/man/man1/idex.1.gz"),
    };
    for (const QString &path : paths)
        QTest::newRow(qPrintable(path)) << path;
}

void TestPackaging::tgzContents()
{
    QFETCH(QString, path);
    const QFileInfo file(m_portable + u'/' + path);
    QVERIFY2(file.isFile(), qPrintable(path + QStringLiteral(" is not in the .tar.gz")));
    if (file.isSymLink()) // links stay inside the folder: never to the build machine's files
        QCOMPARE(QFileInfo(file.symLinkTarget()).absolutePath(), file.absolutePath());
    if (path.startsWith(QLatin1String("bin/identity-explorer")) || path == QLatin1String("bin/idex")) {
        QVERIFY(file.isExecutable());
        const Run dump = run(QStringLiteral("objdump"), { QStringLiteral("-p"), file.filePath() });
        // DT_RPATH (not RUNPATH): it must also serve the bundled libraries and plugins.
        QVERIFY2(dump.out.contains(QRegularExpression(QStringLiteral("\\bRPATH\\s+\\$ORIGIN/../lib\\n"))),
            qPrintable(dump.out));
    }
}

void TestPackaging::tgzVersion_data()
{
    debVersion_data();
}

void TestPackaging::tgzVersion()
{
    QFETCH(QString, binary);
    const Run version = run(m_portable + QStringLiteral("/bin/") + binary, { QStringLiteral("--version") });
    QVERIFY2(version.exitCode == 0, qPrintable(version.err));
    QVERIFY2(version.out.startsWith(QStringLiteral("%1 %2 (Qt ").arg(binary, kVersion)), qPrintable(version.out));
}

void TestPackaging::tgzExecutablesLoadOnlyBundledOrHostLibraries_data()
{
    debVersion_data();
}

// ldd asks the real dynamic loader: every library the executables pull in resolves inside the extracted folder,
// except the host libraries the archive deliberately leaves out.
void TestPackaging::tgzExecutablesLoadOnlyBundledOrHostLibraries()
{
    QFETCH(QString, binary);
    const Run ldd = run(QStringLiteral("ldd"), { m_portable + QStringLiteral("/bin/") + binary });
    QCOMPARE(ldd.exitCode, 0);
    const QRegularExpression resolved(QStringLiteral("^\\s*(\\S+) => (.+) \\(0x"), QRegularExpression::MultilineOption);
    int bundled = 0;
    for (auto it = resolved.globalMatch(ldd.out); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const QString soname = match.captured(1);
        const QString path = QDir::cleanPath(match.captured(2)); // the loader reports ".../bin/../lib/..."
        if (path.startsWith(m_portable + QStringLiteral("/lib/"))) {
            ++bundled;
            continue;
        }
        QVERIFY2(isHostLibrary(soname),
            qPrintable(QStringLiteral("%1 resolves to %2, outside the archive").arg(soname, path)));
    }
    QVERIFY2(!ldd.out.contains(QLatin1String("not found")), qPrintable(ldd.out));
    QVERIFY2(bundled >= 5, qPrintable(ldd.out));
}

// HTTPS from the portable idex: Qt's OpenSSL backend opens libssl and libcrypto by name at run time, which ldd
// cannot show. The dynamic loader's own trace (LD_DEBUG=libs) lists every library it initialises; all of them must
// come from the archive or be host libraries, and libssl must be the archive's. The call goes to a loopback port
// that nothing listens on: OpenSSL is loaded before the connection is refused.
void TestPackaging::tgzIdexUsesTheBundledOpenSsl()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 closedPort = probe.serverPort();
    probe.close();

    QProcess idex;
    QProcessEnvironment env = cleanEnvironment();
    env.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("libs"));
    idex.setProcessEnvironment(env);
    idex.start(m_portable + QStringLiteral("/bin/idex"),
        { QStringLiteral("call"), QStringLiteral("https://127.0.0.1:%1/").arg(closedPort), QStringLiteral("--token"),
            QStringLiteral("not-a-token") });
    QVERIFY2(idex.waitForFinished(60000), "idex call did not finish");
    const QString trace = QString::fromLocal8Bit(idex.readAllStandardError());

    const QRegularExpression init(QStringLiteral("calling init: (.+)$"), QRegularExpression::MultilineOption);
    bool bundledSsl = false;
    for (auto it = init.globalMatch(trace); it.hasNext();) {
        const QString path = QDir::cleanPath(it.next().captured(1).trimmed());
        const QString name = QFileInfo(path).fileName();
        const bool inArchive = path.startsWith(m_portable + u'/');
        if (name.startsWith(QLatin1String("libssl.so"))) {
            QVERIFY2(inArchive, qPrintable(QStringLiteral("idex loaded the host's OpenSSL: ") + path));
            bundledSsl = true;
        }
        QVERIFY2(inArchive || isHostLibrary(name),
            qPrintable(
                QStringLiteral("idex loaded %1 from the host, and it is not in portable-system-libs.txt").arg(path)));
    }
    QVERIFY2(bundledSsl, qPrintable(QStringLiteral("libssl was never loaded:\n") + trace.right(3000)));
}

void TestPackaging::tgzGuiStaysUp_data()
{
    guiPlatforms();
}

void TestPackaging::tgzGuiStaysUp()
{
    checkGuiStaysUp(
        m_portable + QStringLiteral("/bin/identity-explorer"), m_portable + QStringLiteral("/plugins"), true);
}

QTEST_GUILESS_MAIN(TestPackaging)
#include "test_packaging.moc"
