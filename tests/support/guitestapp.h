#pragma once
// The start of every whole-window GUI test: settings and standard paths of the test's own (never the user's), left
// empty by the previous run, and the metatypes the panels' signals carry, registered for QSignalSpy.
#include "call/callresult.h"
#include "diagnose/finding.h"
#include "identity/tokenresult.h"

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>

namespace idex::testsupport {

inline void prepareGuiTestApplication(const QString &organizationName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(organizationName);
    QSettings().clear();
    qRegisterMetaType<idex::CallResult>();
    qRegisterMetaType<idex::Findings>();
    qRegisterMetaType<idex::TokenResult>();
}

} // namespace idex::testsupport
