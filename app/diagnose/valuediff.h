#pragma once

#include <QString>

namespace idex {

/*! Where two similar values differ: they share `prefix` and `suffix`; `a` and `b` are what lies between (either
    may be empty: "api://x/" against "api://x" differs by "/" alone). Used to mark the difference of two audiences,
    issuers or IDs instead of making a person compare 40 characters by eye. */
struct ValueDiff
{
    QString prefix;
    QString a;
    QString b;
    QString suffix;

    bool isSame() const { return a.isEmpty() && b.isEmpty(); }
    /*! True when the values share nothing worth marking (no common start or end): show them as they are. */
    bool isUnrelated() const { return prefix.isEmpty() && suffix.isEmpty(); }
};

/*! The longest common prefix, then the longest common suffix of what remains. GUID hex digits compare without
    case (Entra's GUIDs ignore it), everything else exactly. */
ValueDiff diffValues(const QString &a, const QString &b);

} // namespace idex
