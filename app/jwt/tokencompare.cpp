#include "tokencompare.h"

#include <QJsonDocument>

namespace idex {

namespace {

QString textOf(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    DecodedToken scratch; // reuse the claim formatting of numbers and booleans
    scratch.claims.insert(QStringLiteral("v"), value);
    return scratch.claimText(QStringLiteral("v"));
}

void compareObjects(const QJsonObject &left, const QStringList &leftOrder, const QJsonObject &right,
    const QStringList &rightOrder, bool inHeader, bool includeSame, QList<ClaimDifference> &out)
{
    for (const QString &name : leftOrder) {
        ClaimDifference d;
        d.inHeader = inHeader;
        d.name = name;
        d.left = textOf(left.value(name));
        if (!right.contains(name)) {
            d.kind = ClaimDifference::Kind::Removed;
        } else {
            d.right = textOf(right.value(name));
            d.kind
                = left.value(name) == right.value(name) ? ClaimDifference::Kind::Same : ClaimDifference::Kind::Changed;
        }
        if (includeSame || d.kind != ClaimDifference::Kind::Same)
            out << d;
    }
    for (const QString &name : rightOrder) {
        if (left.contains(name))
            continue;
        ClaimDifference d;
        d.inHeader = inHeader;
        d.name = name;
        d.right = textOf(right.value(name));
        d.kind = ClaimDifference::Kind::Added;
        out << d;
    }
}

} // namespace

QList<ClaimDifference> compareTokens(const DecodedToken &left, const DecodedToken &right, bool includeSame)
{
    QList<ClaimDifference> out;
    compareObjects(left.header, left.headerOrder.isEmpty() ? left.header.keys() : left.headerOrder, right.header,
        right.headerOrder.isEmpty() ? right.header.keys() : right.headerOrder, true, includeSame, out);
    compareObjects(left.claims, left.claimOrder.isEmpty() ? left.claims.keys() : left.claimOrder, right.claims,
        right.claimOrder.isEmpty() ? right.claims.keys() : right.claimOrder, false, includeSame, out);
    return out;
}

bool isVolatileClaim(const QString &name)
{
    static const QStringList names { QStringLiteral("iat"), QStringLiteral("nbf"), QStringLiteral("exp"),
        QStringLiteral("uti"), QStringLiteral("aio"), QStringLiteral("rh"), QStringLiteral("jti"),
        QStringLiteral("xms_tcdt") };
    return names.contains(name);
}

QString differenceKindName(ClaimDifference::Kind kind)
{
    switch (kind) {
    case ClaimDifference::Kind::Same: return QStringLiteral("same");
    case ClaimDifference::Kind::Added: return QStringLiteral("added");
    case ClaimDifference::Kind::Removed: return QStringLiteral("removed");
    case ClaimDifference::Kind::Changed: return QStringLiteral("changed");
    }
    return {};
}

} // namespace idex
