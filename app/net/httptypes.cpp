#include "httptypes.h"

namespace idex {

QByteArray headerValue(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

void setHeaderValue(HeaderList &headers, const QByteArray &name, const QByteArray &value)
{
    for (auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0) {
            header = { name, value };
            return;
        }
    }
    headers.append({ name, value });
}

QString describeFailure(HttpFailure failure)
{
    switch (failure) {
    case HttpFailure::None: return QStringLiteral("answered");
    case HttpFailure::Timeout: return QStringLiteral("timed out");
    case HttpFailure::Canceled: return QStringLiteral("canceled");
    case HttpFailure::ConnectionRefused: return QStringLiteral("connection refused");
    case HttpFailure::HostNotFound: return QStringLiteral("host not found");
    case HttpFailure::Tls: return QStringLiteral("TLS failure");
    case HttpFailure::TooLarge: return QStringLiteral("response too large");
    case HttpFailure::Other: return QStringLiteral("network error");
    }
    return {};
}

} // namespace idex
