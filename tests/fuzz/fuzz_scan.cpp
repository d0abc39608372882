// libFuzzer target for idex scan's core (app/scan): any bytes as a log or capture through findTokens, analyse (with
// a directory) and both reports. Invariants: every found token is a substring of the input at its first offset, on
// the line it says; occurrences add up; no report ever holds a found token's text.
#include "directory/directory.h"
#include "fuzzsupport.h"
#include "scan/scanreport.h"

#include <QJsonDocument>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace idex;
    const QByteArray bytes = fuzz::bytesOf(data, size);
    const scan::FoundTokens found = scan::findTokens(bytes);
    fuzz::require(found.bytes == bytes.size(), "bytes scanned differ from the input's size");
    qint64 occurrences = 0;
    for (const scan::FoundToken &t : found.tokens) {
        fuzz::require(!t.text.isEmpty(), "an empty token was found");
        fuzz::require(bytes.mid(t.firstOffset, t.text.size()) == t.text, "a token is not where it was found");
        fuzz::require(bytes.left(t.firstOffset).count('\n') + 1 == t.firstLine, "a token's line is wrong");
        fuzz::require(t.occurrences >= 1, "a token was found zero times");
        occurrences += t.occurrences;
    }
    fuzz::require(occurrences == found.occurrences, "occurrences do not add up");

    Directory directory;
    ServicePrincipal sp;
    sp.id = QStringLiteral("11111111-1111-1111-1111-111111111111");
    sp.appId = QStringLiteral("22222222-2222-2222-2222-222222222222");
    sp.displayName = QStringLiteral("fuzz-mi");
    directory.addServicePrincipal(sp);
    scan::ScanOptions options;
    options.directory = &directory;
    const QList<scan::ScannedToken> rows = scan::analyse(found, options);
    const QByteArray text = scan::scanReportText(QStringLiteral("fuzz"), found, rows, false).toUtf8();
    const QByteArray json = QJsonDocument(scan::scanReportJson(QStringLiteral("fuzz"), found, rows, false)).toJson();
    for (const scan::FoundToken &t : found.tokens) {
        // A token of 16+ characters never shows (shorter runs may appear by chance in names and masks).
        if (t.text.size() >= 16) {
            fuzz::require(!text.contains(t.text), "the text report holds a token");
            fuzz::require(!json.contains(t.text), "the JSON report holds a token");
        }
    }
    return 0;
}
