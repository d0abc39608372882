#pragma once
// Shared by the Test call panel's GUI tests (test_callpanel, test_callsecrets): the seed scenario's emulator over
// loopback, a TokenResult for a fetched token, typing a URL as a person does, and the screenshots they save.
#include "../../integration/call/emulatorfixture.h"
#include "call/callpanel.h"
#include "identity/tokenresult.h"

#include <QDir>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTest>

namespace idex::testing {

/*! The test application's settings kept apart, the metatypes the call signals carry, and \a emulator serving the
    seed scenario; false with \a error when it does not start. */
inline bool startSeedEmulator(emulator::Emulator &emulator, SeedFacts &facts, QString *error)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("IdentityExplorerTest"));
    qRegisterMetaType<idex::CallResult>();
    qRegisterMetaType<idex::Findings>();
    if (!emulator.start(emulator::EmulatorOptions {}, error))
        return false;
    facts = seedFacts(emulator.scenario());
    return facts.function != nullptr;
}

inline TokenResult tokenResult(const QString &token, const QString &resource)
{
    TokenResult result;
    result.accessToken = token;
    result.resource = resource;
    result.sourceId = QStringLiteral("emulator");
    result.sourceName = QStringLiteral("Emulator");
    result.obtainedAt = QDateTime::currentDateTimeUtc();
    return result;
}

inline void typeUrl(ui::CallPanel &panel, const QString &url)
{
    auto *edit = panel.findChild<QLineEdit *>(QStringLiteral("urlEdit"));
    edit->clear();
    QTest::keyClicks(edit, url);
    QCOMPARE(edit->text(), url);
}

/*! With IDEX_SCREENSHOT_DIR set, \a widget as it is now, saved as \a name.png there. */
inline void screenshot(QWidget &widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("IDEX_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(50); // cards added to a visible layout are shown on the next turn of the event loop
    widget.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace idex::testing

Q_DECLARE_METATYPE(idex::Findings)
