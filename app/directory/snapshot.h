#pragma once

#include "directory.h"

#include <QByteArray>
#include <QString>

namespace idex::snapshot {

/*! The snapshot file format (documented in README.md, "Directory snapshots"): one JSON object
    {"format": "identity-explorer/directory", "version": 1, "tenantId", "source", "exportedAt",
     "applications": [...], "servicePrincipals": [...], "appRoleAssignments": [...], "oauth2PermissionGrants": [...]}
    where every array holds objects in Microsoft Graph's own v1.0 JSON shape, so a Graph response can be pasted in.
    Snapshots hold no tokens or secrets. */
inline constexpr QLatin1StringView formatName { "identity-explorer/directory" };
inline constexpr int formatVersion = 1;

QByteArray toJson(const Directory &directory, bool indented = false);
/*! Parses a snapshot; on failure returns false and a message that says what and where. The objects are sliced out
    of the bytes and parsed piece by piece on every core (snapshotreader.h); a file of any other shape, and every
    refused file, goes through fromJsonWhole, so the result and the messages are the same as its. */
bool fromJson(const QByteArray &data, Directory &directory, QString *error);
/*! The reference reader: the whole file as one QJsonDocument (about three times the file's size in memory). */
bool fromJsonWhole(const QByteArray &data, Directory &directory, QString *error);

bool writeFile(const QString &path, const Directory &directory, QString *error);
/*! fromJson on the file, read in blocks and sliced as it is read: the file is never held whole (a file the sliced
    reader declines is read again whole, for fromJsonWhole to explain). */
bool readFile(const QString &path, Directory &directory, QString *error);

} // namespace idex::snapshot
