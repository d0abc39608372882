#pragma once

#include "callresult.h"

#include <QByteArray>
#include <QString>

namespace idex {

/*! Looks at the bytes first and the Content-Type second: servers often label JSON errors text/html. */
BodyKind classifyBody(const QByteArray &body, QByteArrayView contentType = {});

QString bodyKindName(BodyKind kind); ///< "empty", "json", "html", "text", "binary"

/*! JSON indented by 2, keys in the server's order is not kept by QJsonDocument, so this re-indents the text itself.
    Returns the input unchanged when it is not JSON. */
QString prettyJson(const QByteArray &body);

/*! Classic hex dump: offset, 16 bytes in hex, printable ASCII. Stops after \a maxBytes with a note. */
QString hexDump(const QByteArray &body, qsizetype maxBytes = 64 * 1024);

/*! "512 B", "3.4 KiB", "1.2 MiB". */
QString formatSize(qint64 bytes);

} // namespace idex
