#include "tokenfailure.h"

namespace idex {

QString TokenFailure::toText() const
{
    QString text = title;
    if (!detail.isEmpty())
        text += u'\n' + detail;
    if (!fix.isEmpty())
        text += QStringLiteral("\nFix: ") + fix;
    return text;
}

} // namespace idex
