#include "valuediff.h"

namespace idex {

namespace {
bool same(QChar x, QChar y)
{
    // Hex letters of GUIDs are compared without case; a real difference of case elsewhere ("API" vs "api") shows.
    const auto isHexLetter = [](QChar c) { return (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F'); };
    return x == y || (isHexLetter(x) && isHexLetter(y) && x.toLower() == y.toLower());
}
} // namespace

ValueDiff diffValues(const QString &a, const QString &b)
{
    const qsizetype shorter = qMin(a.size(), b.size());
    qsizetype start = 0;
    while (start < shorter && same(a.at(start), b.at(start)))
        ++start;
    qsizetype end = 0; // characters shared at the end, not overlapping the prefix
    while (end < shorter - start && same(a.at(a.size() - 1 - end), b.at(b.size() - 1 - end)))
        ++end;
    ValueDiff diff;
    diff.prefix = a.left(start);
    diff.a = a.mid(start, a.size() - start - end);
    diff.b = b.mid(start, b.size() - start - end);
    diff.suffix = a.right(end);
    return diff;
}

} // namespace idex
