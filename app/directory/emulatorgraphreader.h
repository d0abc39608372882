#pragma once

#include <QJsonObject>
#include <QString>

namespace idex {

/*! Which identity of an emulator scenario can read its Graph: the one whose service principal holds Microsoft
    Graph's Application.Read.All, read from the emulator's `GET /admin/scenario` JSON. With \a wanted (a client id or
    an identity name) that identity is returned if it exists. Returns its client id, or empty with \a error set. */
QString emulatorGraphReaderClientId(const QJsonObject &scenario, const QString &wanted, QString *error);

} // namespace idex
