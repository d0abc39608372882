// libFuzzer target for the emulator's request handling: every route (IMDS and the other managed identity
// protocols, discovery and JWKS, the Graph subset, the protected functions, /.auth/me, the admin API) behind the
// same dispatch the HTTP server uses, fed a request built from the input:
//     METHOD SP TARGET LF (NAME ":" VALUE LF)* LF BODY
// where $HOST (the address served), $IDENTITY_HEADER, $ARC_KEY, $FEDERATED_TOKEN, $FEDERATED_CLIENT_ID, $GRAPH_TOKEN,
// $API_TOKEN and $ADMIN_TOKEN (the admin API's per-run secret) stand for this run's values, secrets and tokens, and
// $SKIP<n> for Graph's page token of offset n, so the fuzzer gets past the checks of each route (the seeds use them).
// One emulator per process, started once with one key set (RSA generation is slow); what an input changed is reset
// after it, so every input meets the same scenario. Invariants: a valid status, and an answer whose header block cannot
// be split (no CR or LF inside a header value).
#include "emulator/emulator.h"
#include "emulator/reply.h"
#include "emulator/request.h"
#include "fuzzsupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QUrl>

#include <cctype>

namespace {

using namespace idex::emulator;

/*! What a real client of this emulator run would know: its address, secrets and two valid tokens. */
struct Secrets
{
    Emulator *emulator = nullptr;
    QList<QPair<QByteArray, QByteArray>> byPlaceholder;

    /*! After every (re)start: the port, the identity header and the issuer (it holds the port) are new. */
    void refresh(Emulator &e)
    {
        emulator = &e;
        QByteArray workloadClient;
        for (const auto &[name, value] : e.environment(QStringLiteral("workloadidentity")))
            if (name == QLatin1String("AZURE_CLIENT_ID"))
                workloadClient = value.toLatin1();
        byPlaceholder = { { "$HOST", e.baseUrl().authority().toLatin1() }, { "$ADMIN_TOKEN", e.adminToken() },
            { "$IDENTITY_HEADER", e.scenario().identityHeader.toLatin1() },
            { "$FEDERATED_TOKEN", fileText(e.federatedTokenFilePath()) }, { "$FEDERATED_CLIENT_ID", workloadClient },
            { "$GRAPH_TOKEN",
                e.issueToken(QStringLiteral("idex-reader"), QStringLiteral("https://graph.microsoft.com")).toLatin1() },
            { "$API_TOKEN",
                e.issueToken(
                     QStringLiteral("caller-func"), QStringLiteral("api://5eed0000-0000-4000-8000-000000000402"))
                    .toLatin1() } };
        e.flushTokenCache();
    }
    QByteArray fill(QByteArray text) const
    {
        if (!text.contains('$'))
            return text;
        for (const auto &[placeholder, value] : byPlaceholder)
            text.replace(placeholder, value);
        // "$SKIP<digits>": Graph's opaque page token for that offset, so the fuzzer can reach any offset.
        for (qsizetype at = text.indexOf("$SKIP"); at >= 0; at = text.indexOf("$SKIP", at + 1)) {
            qsizetype end = at + 5;
            while (end < text.size() && end - at < 40 && std::isdigit(static_cast<unsigned char>(text.at(end))))
                ++end;
            const QByteArray token = QByteArray("skip:" + text.mid(at + 5, end - at - 5))
                                         .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
            text.replace(at, end - at, token);
        }
        // The Arc key changes with every challenge: read it when it is used.
        if (text.contains("$ARC_KEY"))
            text.replace("$ARC_KEY", fileText(emulator->arcKeyFilePath()));
        return text;
    }
    static QByteArray fileText(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
    }
};

Secrets &secrets()
{
    static Secrets instance;
    return instance;
}

Emulator &emulator()
{
    static int argc = 1;
    static char name[] = "fuzz_emulator";
    static char *argv[] = { name, nullptr };
    // Both live as long as the process (never deleted, so no exit-time destruction order to get wrong). The replay
    // test has its own application object.
    static QCoreApplication *app = QCoreApplication::instance() ? nullptr : new QCoreApplication(argc, argv);
    Q_UNUSED(app);
    static Emulator *instance = [] {
        auto *e = new Emulator;
        QString error;
        if (!e->start(EmulatorOptions {}, &error)) {
            std::fprintf(stderr, "the emulator does not start: %s\n", qPrintable(error));
            std::abort();
        }
        secrets().refresh(*e);
        return e;
    }();
    return *instance;
}

Request requestFrom(const QByteArray &input)
{
    Request request;
    const qsizetype headEnd = input.indexOf("\n\n");
    const QByteArray head = headEnd < 0 ? input : input.left(headEnd);
    request.body = headEnd < 0 ? QByteArray() : input.mid(headEnd + 2);
    QList<QByteArray> lines = head.split('\n');
    const QByteArray requestLine = lines.takeFirst().trimmed();
    const qsizetype space = requestLine.indexOf(' ');
    request.method = space < 0 ? requestLine : requestLine.left(space);
    const QByteArray target = space < 0 ? QByteArray("/") : requestLine.mid(space + 1);
    // As EmulatorServer::handleRequest builds it from what Qt HTTP Server parsed.
    const QUrl url(QString::fromLatin1(target));
    request.path = url.path(QUrl::FullyDecoded);
    while (request.path.size() > 1 && request.path.endsWith(u'/'))
        request.path.chop(1);
    request.query = QUrlQuery(url);
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.append({ line.left(colon).trimmed(), line.mid(colon + 1).trimmed() });
    }
    request.peer = QHostAddress(QHostAddress::LocalHost);
    return request;
}

/*! Assignments added or removed (Graph or the admin API) outlive the request: only a restart undoes them. */
bool changedAssignments(const Request &request, const Reply &reply)
{
    const bool writes = request.method != "GET" && request.method != "HEAD";
    return writes && reply.status < 300
        && (request.path.startsWith(QLatin1String("/admin")) || request.path.startsWith(QLatin1String("/v1.0")));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Emulator &e = emulator();
    const Request request = requestFrom(secrets().fill(idex::fuzz::bytesOf(data, size)));
    // A key rotation generates a 2048-bit RSA key (0.1 s or more): the fuzzer would do little else. Its only input is
    // one boolean, covered by the integration tests.
    if (request.path.startsWith(QLatin1String("/admin/keys")))
        return 0;
    const Reply reply = e.serve(request);
    static const bool verbose = qEnvironmentVariableIsSet("IDEX_FUZZ_VERBOSE"); // to check what the seeds reach
    if (verbose)
        std::fprintf(stderr, "%s %s -> %d %s\n", request.method.constData(), qPrintable(request.path), reply.status,
            reply.body.left(160).constData());
    idex::fuzz::require(reply.status >= 100 && reply.status <= 599, "an invalid HTTP status");
    for (const auto &[name, value] : reply.headers)
        idex::fuzz::require(
            !name.contains('\r') && !name.contains('\n') && !value.contains('\r') && !value.contains('\n'),
            "a header line can be split (CR/LF in a reply header)");
    (void)reply.serialize(request.method == "HEAD");
    // Faults, clock skew and cached tokens set by this input must not change how the next one is answered.
    e.clearFaults();
    e.setClockSkew(0);
    e.flushTokenCache();
    if (changedAssignments(request, reply)) {
        const EmulatorOptions options = e.options();
        const EmulatorKeys keys = e.keys();
        QString error;
        if (!e.start(options, keys, &error)) {
            std::fprintf(stderr, "the emulator does not restart: %s\n", qPrintable(error));
            std::abort();
        }
        secrets().refresh(e);
    }
    return 0;
}
