#include "appinfo.h"

#include <idex/version.h>
#include <openssl/crypto.h>

namespace idex {

QString productVersion()
{
    return QStringLiteral(IDEX_VERSION_STRING);
}

QString openSslVersion()
{
    return QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION_STRING));
}

QString versionLine(const QString &program)
{
    return QStringLiteral("%1 %2 (Qt %3, OpenSSL %4)")
        .arg(program, productVersion(), QString::fromLatin1(qVersion()), openSslVersion());
}

} // namespace idex
