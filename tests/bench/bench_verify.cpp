// Decode + RS256 verify of an Entra-shaped managed identity token (v1, kid + x5t, the usual claims, ~1.4 KB), one
// thread, beside its limit measured in the same process: OpenSSL's raw RSA-2048 verify through EVP (EVP_PKEY built
// once, EVP_DigestVerify on the same bytes), and node `jose` jwtVerify on the same token and key when node is
// installed. Rates are per CPU second of the measuring thread (the machine is shared); rounds alternate and the best
// of each is kept. Prints figures; asserts nothing about time.
//   bench_verify [--seconds S] [--rounds N] [--rows FILE]
#include "benchrow.h"
#include "emulator/signingkey.h"
#include "jwt/decodedtoken.h"
#include "jwt/jsonwebkey.h"
#include "jwt/signatureverifier.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUuid>

#include <memory>
#include <openssl/evp.h>
#include <openssl/x509.h>

using namespace idex;
using namespace idex::bench;

namespace {

QByteArray b64url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray guid()
{
    return QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

QByteArray randomText(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    for (char &c : raw)
        c = char(QRandomGenerator::global()->generate());
    return b64url(raw);
}

/*! A v1 token as Entra's managed identity endpoint issues it for ARM, claims in Entra's order (QJsonObject would sort
    them). */
QString entraShapedToken(const emulator::SigningKey &key)
{
    const QByteArray tid = guid();
    const QByteArray principal = guid();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray header
        = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5t\":\"" + key.kid() + "\",\"kid\":\"" + key.kid() + "\"}";
    const QByteArray payload = "{\"aud\":\"https://management.azure.com/\",\"iss\":\"https://sts.windows.net/" + tid
        + "/\",\"iat\":" + QByteArray::number(now - 300) + ",\"nbf\":" + QByteArray::number(now - 300)
        + ",\"exp\":" + QByteArray::number(now + 86100) + ",\"aio\":\"E2RgYPi" + randomText(36) + "\",\"appid\":\""
        + guid() + "\",\"appidacr\":\"2\",\"idp\":\"https://sts.windows.net/" + tid + "/\",\"idtyp\":\"app\",\"oid\":\""
        + principal + "\",\"rh\":\"0.A" + randomText(38) + "AA.\",\"sub\":\"" + principal + "\",\"tid\":\"" + tid
        + "\",\"uti\":\"" + randomText(16) + "\",\"ver\":\"1.0\",\"xms_mirid\":\"/subscriptions/" + guid()
        + "/resourcegroups/rg-orders/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-orders\"}";
    const QByteArray signingInput = b64url(header) + '.' + b64url(payload);
    return QString::fromLatin1(signingInput + '.' + b64url(key.signRs256(signingInput)));
}

struct PkeyDeleter
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct X509Deleter
{
    void operator()(X509 *cert) const { X509_free(cert); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

/*! The key straight from the certificate, through OpenSSL alone: the limit must not depend on idex's key code. */
Pkey opensslKey(const QByteArray &der)
{
    const auto *data = reinterpret_cast<const unsigned char *>(der.constData());
    std::unique_ptr<X509, X509Deleter> cert(d2i_X509(nullptr, &data, long(der.size())));
    return Pkey(cert ? X509_get_pubkey(cert.get()) : nullptr);
}

/*! What any verifier must do per token once its key is built: a fresh context (verifiers share keys, not contexts,
    across threads), SHA-256 over the signing input, the RSA public operation. */
bool rawVerify(EVP_PKEY *key, const QByteArray &signingInput, const QByteArray &signature)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const bool ok = ctx && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1
        && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char *>(signature.constData()),
               size_t(signature.size()), reinterpret_cast<const unsigned char *>(signingInput.constData()),
               size_t(signingInput.size()))
            == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

/*! Exactly \a count calls of one path, in functions of their own so that callgrind or perf can single them out:
      valgrind --tool=callgrind --toggle-collect='*profileIdexPath*' bench_verify --profile 500 */
Q_NEVER_INLINE bool profileIdexPath(
    const QList<QString> &tokens, const JsonWebKeySet &keys, const QString &keySource, int count)
{
    bool ok = true;
    for (int i = 0; i < count; ++i) {
        const DecodeResult result = decodeToken(tokens.at(i % tokens.size()));
        ok = ok && result.ok() && verifySignature(result.token, keys, keySource).status == SignatureStatus::Valid;
    }
    return ok;
}

Q_NEVER_INLINE bool profileDecode(const QList<QString> &tokens, int count)
{
    bool ok = true;
    for (int i = 0; i < count; ++i)
        ok = decodeToken(tokens.at(i % tokens.size())).ok() && ok;
    return ok;
}

Q_NEVER_INLINE bool profileRawVerify(
    EVP_PKEY *key, const QByteArray &signingInput, const QByteArray &signature, int count)
{
    bool ok = true;
    for (int i = 0; i < count; ++i)
        ok = rawVerify(key, signingInput, signature) && ok;
    return ok;
}

struct JoseFigure
{
    double cpuRate = 0, wallRate = 0;
    QString skipped; ///< why there is no figure
};

JoseFigure measureJose(const QString &token, const QByteArray &jwk, double seconds, const QString &interopDir)
{
    JoseFigure figure;
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty()) {
        figure.skipped = QStringLiteral("node is not installed");
        return figure;
    }
    if (!QFileInfo::exists(interopDir + QStringLiteral("/node_modules/jose/package.json"))) {
        figure.skipped = QStringLiteral("jose is not installed (cd tests/interop && npm ci)");
        return figure;
    }
    QTemporaryDir dir;
    QFile input(dir.filePath(QStringLiteral("input.json")));
    if (!input.open(QIODevice::WriteOnly)) {
        figure.skipped = QStringLiteral("cannot write the token for node");
        return figure;
    }
    input.write(QJsonDocument(
        QJsonObject { { QStringLiteral("token"), token },
            { QStringLiteral("jwk"), QJsonDocument::fromJson(jwk).object() }, { QStringLiteral("seconds"), seconds } })
                    .toJson());
    input.close();
    QProcess process;
    process.start(node, { QStringLiteral(IDEX_BENCH_SOURCE_DIR "/jose_verify.mjs"), input.fileName(), interopDir });
    if (!process.waitForFinished(int(seconds * 1000) + 60000) || process.exitCode() != 0) {
        process.kill();
        figure.skipped
            = QStringLiteral("node jose failed: ") + QString::fromUtf8(process.readAllStandardError()).trimmed();
        return figure;
    }
    const QJsonObject result = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    figure.cpuRate = result.value(QLatin1String("cpuRate")).toDouble();
    figure.wallRate = result.value(QLatin1String("wallRate")).toDouble();
    return figure;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({ { QStringLiteral("seconds"), QStringLiteral("CPU seconds per round and path."),
                            QStringLiteral("S"), QStringLiteral("1.5") },
        { QStringLiteral("rounds"), QStringLiteral("Rounds (each interleaves the paths)."), QStringLiteral("N"),
            QStringLiteral("3") },
        { QStringLiteral("profile"),
            QStringLiteral("Run each path exactly N times, print nothing else (for callgrind)."), QStringLiteral("N") },
        { QStringLiteral("rows"), QStringLiteral("Append the table rows (JSON lines) to FILE."),
            QStringLiteral("FILE") },
        { QStringLiteral("interop"), QStringLiteral("Where node_modules/jose is."), QStringLiteral("DIR"),
            QStringLiteral(IDEX_BENCH_INTEROP_DIR) } });
    parser.process(app);
    const double seconds = std::max(0.01, parser.value(QStringLiteral("seconds")).toDouble());
    const int rounds = std::max(1, parser.value(QStringLiteral("rounds")).toInt());

    // Entra publishes several keys at once; the token's is one of them.
    QString error;
    QList<std::shared_ptr<emulator::SigningKey>> signers;
    for (int i = 0; i < 3; ++i) {
        signers << emulator::SigningKey::generate(QStringLiteral("bench-%1").arg(i), false, &error);
        if (!signers.last()) {
            print(QStringLiteral("key generation failed: ") + error);
            return 1;
        }
    }
    const emulator::SigningKey &signer = *signers.at(1);
    QJsonArray published;
    for (const auto &key : std::as_const(signers))
        published.append(
            QJsonDocument::fromJson(key->jwkJson(QStringLiteral("https://login.microsoftonline.com/{tenantid}/v2.0")))
                .object());
    const JwksParseResult jwks = parseJwks(
        QJsonDocument(QJsonObject { { QStringLiteral("keys"), published } }).toJson(QJsonDocument::Compact));
    if (!jwks.ok()) {
        print(QStringLiteral("the key set does not parse: ") + jwks.error);
        return 1;
    }
    // A stream of distinct tokens from the same key, as a service sees them (one token over and over would flatter any
    // path that keeps something from the previous call).
    QList<QString> tokens;
    for (int i = 0; i < 64; ++i)
        tokens << entraShapedToken(signer);
    const QString &token = tokens.first();
    const QString keySource = QStringLiteral("https://login.microsoftonline.com/common/discovery/keys");
    const DecodeResult decoded = decodeToken(token);
    if (!decoded.ok() || verifySignature(decoded.token, jwks.set, keySource).status != SignatureStatus::Valid) {
        print(QStringLiteral("the bench token does not verify: the figures would mean nothing"));
        return 1;
    }
    const Pkey pkey = opensslKey(signer.certificateDer());
    if (!pkey || !rawVerify(pkey.get(), decoded.token.signingInput, decoded.token.signature)) {
        print(QStringLiteral("OpenSSL does not verify the bench token"));
        return 1;
    }
    if (parser.isSet(QStringLiteral("profile"))) {
        const int count = parser.value(QStringLiteral("profile")).toInt();
        const bool ok = profileRawVerify(pkey.get(), decoded.token.signingInput, decoded.token.signature, count)
            && profileIdexPath(tokens, jwks.set, keySource, count) && profileDecode(tokens, count);
        return ok ? 0 : 1;
    }
    print(QStringLiteral("%7 distinct tokens of %1 bytes (header %2, payload %3, signature %4 base64url characters), "
                         "%5 claims; key set of %6 keys")
              .arg(token.size())
              .arg(decoded.token.headerPart.size())
              .arg(decoded.token.payloadPart.size())
              .arg(decoded.token.signaturePart.size())
              .arg(decoded.token.claims.size())
              .arg(jwks.set.keys.size())
              .arg(tokens.size()));

    QList<QPair<QByteArray, QByteArray>> signed_; // signing input and signature of each token, for the raw verify
    for (const QString &t : std::as_const(tokens)) {
        const DecodeResult d = decodeToken(t);
        signed_.append({ d.token.signingInput, d.token.signature });
    }
    qsizetype next = 0;
    auto raw = [&] {
        const auto &[signingInput, signature] = signed_.at(next++ % signed_.size());
        return rawVerify(pkey.get(), signingInput, signature);
    };
    auto idexPath = [&] {
        const DecodeResult result = decodeToken(tokens.at(next++ % tokens.size()));
        return result.ok() && verifySignature(result.token, jwks.set, keySource).status == SignatureStatus::Valid;
    };
    // Rounds are reported one by one; the figures are their sums (calls over CPU time), not the best of each.
    double rawCount = 0, rawTime = 0, idexCount = 0, idexTime = 0;
    for (int round = 1; round <= rounds; ++round) {
        const auto rates = interleavedRates(raw, idexPath, 2 * seconds);
        if (!rates) {
            print(QStringLiteral("a verification failed during the run"));
            return 1;
        }
        const auto [r, i] = *rates;
        rawCount += r * seconds;
        rawTime += seconds;
        idexCount += i * seconds;
        idexTime += seconds;
        print(QStringLiteral("round %1: OpenSSL raw verify %2/s, idex decode + verify %3/s (%4%)")
                  .arg(round)
                  .arg(r, 0, 'f', 0)
                  .arg(i, 0, 'f', 0)
                  .arg(100 * i / r, 0, 'f', 1));
    }
    const double rawRate = rawCount / rawTime, idexRate = idexCount / idexTime;
    // Where the rest goes: decoding alone, and verification of an already decoded token, each beside the raw verify.
    const auto decodeOnly = interleavedRates(
        raw, [&] { return decodeToken(tokens.at(next++ % tokens.size())).ok(); }, seconds);
    const auto verifyOnly = interleavedRates(
        raw, [&] { return verifySignature(decoded.token, jwks.set, keySource).status == SignatureStatus::Valid; },
        seconds);
    if (decodeOnly && verifyOnly)
        print(QStringLiteral("decode alone %1 us (raw verify beside it %2 us); verify of a decoded token alone %3 us "
                             "(raw verify beside it %4 us)")
                  .arg(1e6 / decodeOnly->second, 0, 'f', 2)
                  .arg(1e6 / decodeOnly->first, 0, 'f', 2)
                  .arg(1e6 / verifyOnly->second, 0, 'f', 2)
                  .arg(1e6 / verifyOnly->first, 0, 'f', 2));

    const double ratio = idexRate / rawRate;
    print(QStringLiteral(
        "decode + RS256 verify: %1 tokens/s per CPU second; OpenSSL raw RSA-2048 verify %2/s; %3% of the limit")
              .arg(idexRate, 0, 'f', 0)
              .arg(rawRate, 0, 'f', 0)
              .arg(100 * ratio, 0, 'f', 1));
    const QString rows = parser.value(QStringLiteral("rows"));
    appendRow(rows,
        Row { QStringLiteral("verify"), QStringLiteral("decode + RS256 verify, one thread"), idexRate,
            QStringLiteral("tokens/s"), QStringLiteral("OpenSSL RSA-2048 verify (EVP)"), rawRate,
            QStringLiteral(">= 0.80"), ratio >= 0.80 });

    const JoseFigure jose = measureJose(
        token, QJsonDocument(published.at(1).toObject()).toJson(), seconds, parser.value(QStringLiteral("interop")));
    if (!jose.skipped.isEmpty()) {
        print(QStringLiteral("node jose: skipped (%1)").arg(jose.skipped));
        return 0;
    }
    print(QStringLiteral("node jose jwtVerify: %1 tokens/s per CPU second (%2/s wall); idex is %3x")
              .arg(jose.cpuRate, 0, 'f', 0)
              .arg(jose.wallRate, 0, 'f', 0)
              .arg(idexRate / jose.cpuRate, 0, 'f', 2));
    appendRow(rows,
        Row { QStringLiteral("verify-vs-jose"), QStringLiteral("decode + RS256 verify, one thread"), idexRate,
            QStringLiteral("tokens/s"), QStringLiteral("node jose jwtVerify"), jose.cpuRate, {}, std::nullopt });
    return 0;
}
