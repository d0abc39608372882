#pragma once

#include <QString>

namespace idex {

/*! Product name and version, as the About box and every `--version` print them. */
QString productVersion();

/*! "<program> <version> (Qt x.y.z, OpenSSL x.y.z)", the one-line answer to `--version`. */
QString versionLine(const QString &program);

/*! Version of the OpenSSL library loaded at run time (not the headers compiled against). */
QString openSslVersion();

} // namespace idex
