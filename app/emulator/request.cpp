#include "request.h"

namespace idex::emulator {

bool Request::hasHeader(QByteArrayView name) const
{
    for (const auto &h : headers)
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

QString Request::queryValue(const QString &name) const
{
    return query.queryItemValue(name, QUrl::FullyDecoded);
}

int Request::queryCount(const QString &name) const
{
    return int(query.allQueryItemValues(name).size());
}

QString Request::formValue(const QString &name) const
{
    QByteArray form = body;
    form.replace('+', ' ');
    const QUrlQuery parsed(QString::fromUtf8(form));
    return parsed.queryItemValue(name, QUrl::FullyDecoded);
}

} // namespace idex::emulator
