// libFuzzer target for everything that reads untrusted token text: the extractor and decoder, the claim accessors
// and reports, the JWKS/PEM parser and the signature verifier. Built with -DIDEX_FUZZ=ON (clang); the same entry
// point is replayed over the seed corpus by test_fuzz_decoder_replay in every normal test run.
#include "jwt/claimscatalog.h"
#include "jwt/claimsreport.h"
#include "jwt/decodedtoken.h"
#include "jwt/jsonwebkey.h"
#include "jwt/signatureverifier.h"
#include "jwt/tokencompare.h"
#include "jwt/tokentimes.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const idex::ClaimsCatalog catalog = idex::ClaimsCatalog::builtIn();
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString text = QString::fromUtf8(bytes);

    const idex::DecodeResult result = idex::decodeToken(text);
    if (result.ok()) {
        const idex::DecodedToken &token = result.token;
        const QDateTime now = QDateTime::fromSecsSinceEpoch(1764158400, Qt::UTC);
        for (const QString &claim : token.claimOrder) {
            (void)token.claimList(claim);
            (void)token.claimTime(claim);
            (void)idex::readableClaimValue(token, claim, now);
        }
        (void)idex::TokenTimes::of(token, now).summary(now);
        idex::ReportOptions options;
        options.now = now;
        (void)idex::claimsReport(token, catalog, idex::ReportFormat::Markdown, options);
        (void)idex::compareTokens(token, token);
        // The input may also be its own key set: verification must refuse or fail cleanly, never crash.
        (void)idex::verifySignature(token, idex::parseJwks(bytes).set, QString());
    } else {
        (void)idex::parseJwks(bytes);
    }
    return 0;
}
