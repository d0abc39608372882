#include "jwt/decodedtoken.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <array>
#include <thread>
#include <vector>

using namespace idex;

namespace {

QByteArray b64(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString makeToken(const QByteArray &header, const QByteArray &payload, const QByteArray &signature = "c2ln")
{
    return QString::fromLatin1(b64(header) + '.' + b64(payload) + '.' + signature);
}

const QByteArray kHeader = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"k1\"}";
const QByteArray kPayload = "{\"aud\":\"api://x\",\"iss\":\"https://sts.windows.net/t/\",\"exp\":1700000000,"
                            "\"roles\":[\"DoAll\",\"Read\"],\"ver\":\"1.0\",\"appid\":\"a\"}";

QJsonArray sampleTokens()
{
    QFile file(qEnvironmentVariable("IDEX_TEST_DATA") + QStringLiteral("/entra-sample-tokens.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).array();
}

} // namespace

class TestDecodeToken : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void entraSamples_data()
    {
        QTest::addColumn<QJsonObject>("sample");
        const QJsonArray samples = sampleTokens();
        QVERIFY2(samples.size() >= 3, "entra-sample-tokens.json not found (IDEX_TEST_DATA)");
        for (const QJsonValue &sample : samples)
            QTest::newRow(qPrintable(sample.toObject().value(QLatin1String("name")).toString())) << sample.toObject();
    }
    void entraSamples()
    {
        QFETCH(QJsonObject, sample);
        const DecodeResult result = decodeToken(sample.value(QLatin1String("token")).toString());
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.token.header, sample.value(QLatin1String("header")).toObject());
        QCOMPARE(result.token.claims, sample.value(QLatin1String("claims")).toObject());
        QCOMPARE(result.token.claimOrder.size(), result.token.claims.size());
        QCOMPARE(result.token.claimOrder.first(), QStringLiteral("aud")); // document order, not sorted
        QCOMPARE(result.token.algorithm(), QStringLiteral("RS256"));
        QCOMPARE(result.token.keyId(), QStringLiteral("i6lGk3FZzxRcUb2C3nEQ7syHJlY"));
        QVERIFY(!result.token.signature.isEmpty());
        QVERIFY(result.token.version == 1 || result.token.version == 2);
        QCOMPARE(result.token.version,
            sample.value(QLatin1String("claims")).toObject().value(QLatin1String("ver")).toString()
                    == QLatin1String("2.0")
                ? 2
                : 1);
        QCOMPARE(result.token.verification.status, SignatureStatus::NotChecked);
        QCOMPARE(result.token.isAppOnly(), false); // the docs' samples are user tokens (scp)
    }

    void paddedSampleIsExplained()
    {
        const QJsonArray samples = sampleTokens();
        for (const QJsonValue &sample : samples) {
            const QString token = sample.toObject().value(QLatin1String("token")).toString();
            if (!token.contains(u'='))
                continue;
            const DecodeResult result = decodeToken(token);
            QVERIFY(result.ok());
            QVERIFY(result.token.notes.join(u' ').contains(QLatin1String("padding")));
            return;
        }
        QFAIL("no padded sample");
    }

    void inputForms_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("note"); // a fragment of the expected note; empty = no note
        const QString token = makeToken(kHeader, kPayload);
        QTest::addRow("bare") << token << QString();
        QTest::addRow("bearer") << (QStringLiteral("Bearer ") + token) << QStringLiteral("Bearer");
        QTest::addRow("bearer lower case") << (QStringLiteral("bearer   ") + token) << QStringLiteral("Bearer");
        QTest::addRow("authorization header")
            << (QStringLiteral("Authorization: Bearer ") + token) << QStringLiteral("Authorization");
        QTest::addRow("surrounding whitespace")
            << (QStringLiteral("\n\t  ") + token + QStringLiteral("  \r\n")) << QString();
        QTest::addRow("line breaks inside")
            << (token.left(20) + QStringLiteral("\n") + token.mid(20, 30) + QStringLiteral("\r\n  ") + token.mid(50))
            << QStringLiteral("whitespace");
        QTest::addRow("quoted") << (u'"' + token + u'"') << QString();
        QTest::addRow("url fragment") << (QStringLiteral("https://jwt.ms/#access_token=") + token
            + QStringLiteral("&token_type=Bearer&expires_in=3599"))
                                      << QStringLiteral("access_token");
        QTest::addRow("bare fragment") << (QStringLiteral("#access_token=") + token) << QStringLiteral("access_token");
        QTest::addRow("id_token query") << (QStringLiteral("http://localhost/cb?state=1&id_token=") + token)
                                        << QStringLiteral("id_token");
        QTest::addRow("token response json") << (QStringLiteral("{\"token_type\":\"Bearer\",\"access_token\":\"")
            + token + QStringLiteral("\",\"expires_in\":\"86399\"}"))
                                             << QStringLiteral("JSON");
        QTest::addRow("curl command") << (QStringLiteral("curl -H 'Authorization: Bearer ") + token
            + QStringLiteral("' https://x.azurewebsites.net/api/f"))
                                      << QStringLiteral("surrounding text");
    }
    void inputForms()
    {
        QFETCH(QString, input);
        QFETCH(QString, note);
        const DecodeResult result = decodeToken(input);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.token.raw, makeToken(kHeader, kPayload));
        QCOMPARE(result.token.audience(), QStringLiteral("api://x"));
        QCOMPARE(result.token.roles(), (QStringList { QStringLiteral("DoAll"), QStringLiteral("Read") }));
        QCOMPARE(result.token.claimTime(QStringLiteral("exp"))->toSecsSinceEpoch(), 1700000000);
        QCOMPARE(result.token.claimText(QStringLiteral("exp")), QStringLiteral("1700000000"));
        QCOMPARE(result.token.version, 1);
        QCOMPARE(result.token.clientId(), QStringLiteral("a"));
        QCOMPARE(result.token.signingInput, (b64(kHeader) + '.' + b64(kPayload)));
        QCOMPARE(result.token.signature, QByteArray("sig"));
        QCOMPARE(result.token.claimOrder.names(),
            (QStringList { QStringLiteral("aud"), QStringLiteral("iss"), QStringLiteral("exp"), QStringLiteral("roles"),
                QStringLiteral("ver"), QStringLiteral("appid") }));
        if (note.isEmpty())
            QVERIFY2(result.token.notes.isEmpty(), qPrintable(result.token.notes.join(u' ')));
        else
            QVERIFY2(result.token.notes.join(u' ').contains(note), qPrintable(result.token.notes.join(u' ')));
    }

    void bareTokenReadAsWhenWrapped_data()
    {
        // A bare token takes a shorter road (no search for something to unwrap); it must end where the long road
        // ends, for every shape of part: padding, escaped and UTF-8 member names, nesting, repeated names.
        QTest::addColumn<QString>("token");
        QTest::addRow("plain") << makeToken(kHeader, kPayload);
        QTest::addRow("padded parts") << (QString::fromLatin1(
                                              QByteArray("{\"alg\":\"RS256\"}").toBase64(QByteArray::Base64UrlEncoding))
            + u'.' + QString::fromLatin1(QByteArray("{\"aud\":\"x1\"}").toBase64(QByteArray::Base64UrlEncoding))
            + QStringLiteral(".c2ln"));
        QTest::addRow("names escaped, in UTF-8, nested, repeated") << makeToken(kHeader,
            "{\"z\":1,\"\\u0061b\":{\"aud\":[1,{\"x\":\"]\"}]},\"cl\xc3\xa9\":\"\\\"\",\"z\":2,\"aud\":\"x\"}");
        QTest::addRow("no signature") << makeToken("{\"alg\":\"none\"}", kPayload, "");
    }
    void bareTokenReadAsWhenWrapped()
    {
        QFETCH(QString, token);
        const DecodeResult bare = decodeToken(token);
        const DecodeResult wrapped = decodeToken(QStringLiteral("Authorization: Bearer ") + token);
        QVERIFY2(bare.ok() && wrapped.ok(), qPrintable(bare.message + wrapped.message));
        QCOMPARE(bare.token.raw, wrapped.token.raw);
        QCOMPARE(bare.token.header, wrapped.token.header);
        QCOMPARE(bare.token.claims, wrapped.token.claims);
        QCOMPARE(bare.token.headerOrder.names(), wrapped.token.headerOrder.names());
        QCOMPARE(bare.token.claimOrder.names(), wrapped.token.claimOrder.names());
        QCOMPARE(bare.token.signingInput, wrapped.token.signingInput);
        QCOMPARE(bare.token.signature, wrapped.token.signature);
        QCOMPARE(bare.token.version, wrapped.token.version);
        QStringList wrappedNotes = wrapped.token.notes;
        QCOMPARE(wrappedNotes.mid(0, 2).join(u' ').count(QLatin1String("Removed")), 2); // "Authorization:", "Bearer "
        QCOMPARE(bare.token.notes, wrappedNotes.mid(2));
    }

    void repeatedHeaderReadAsNew()
    {
        // Tokens of one key share their header; reusing its decoding must not show through: the notes it gave come
        // again, a caller's change to one token's header reaches no other token, and any other header is read anew.
        const QByteArray padded
            = QByteArray("{\"alg\":\"RS256\",\"kid\":\"k1\"}").toBase64(QByteArray::Base64UrlEncoding);
        QVERIFY(padded.endsWith('='));
        auto token = [&](const QByteArray &header, const QByteArray &payload) {
            return QString::fromLatin1(header + '.' + b64(payload) + ".c2ln");
        };
        DecodeResult first = decodeToken(token(padded, "{\"aud\":\"one\"}"));
        QVERIFY(first.ok());
        QVERIFY(first.token.notes.join(u' ').contains(QLatin1String("header carries '=' padding")));
        first.token.header.insert(QStringLiteral("injected"), true);
        const DecodeResult second = decodeToken(token(padded, "{\"aud\":\"two\"}"));
        QVERIFY(second.ok());
        QCOMPARE(second.token.audience(), QStringLiteral("two"));
        QVERIFY(second.token.notes.join(u' ').contains(QLatin1String("header carries '=' padding")));
        QVERIFY(!second.token.header.contains(QLatin1String("injected")));
        QCOMPARE(second.token.headerOrder.names(), (QStringList { QStringLiteral("alg"), QStringLiteral("kid") }));
        const DecodeResult other = decodeToken(makeToken("{\"alg\":\"RS256\",\"kid\":\"k2\"}", "{\"aud\":\"three\"}"));
        QVERIFY(other.ok());
        QCOMPARE(other.token.keyId(), QStringLiteral("k2"));
        QVERIFY(other.token.notes.isEmpty());
    }

    void memberOrderIsFoundOnceForEveryCopyAndThread()
    {
        // The order is scanned when first asked for; copies of the token (and threads reading one token side by
        // side) share that one answer.
        const DecodeResult result = decodeToken(makeToken(kHeader, "{\"b\":1,\"a\":2,\"c\":{\"z\":3}}"));
        QVERIFY2(result.ok(), qPrintable(result.message));
        const DecodedToken copy = result.token;
        std::vector<std::thread> readers;
        std::array<QStringList, 4> seen;
        for (size_t i = 0; i < seen.size(); ++i)
            readers.emplace_back([&, i] { seen[i] = (i % 2 ? copy : result.token).claimOrder.names(); });
        for (std::thread &reader : readers)
            reader.join();
        for (const QStringList &names : seen)
            QCOMPARE(names, (QStringList { QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c") }));
        QCOMPARE(&copy.claimOrder.names(), &result.token.claimOrder.names());
        QVERIFY(DecodedToken().claimOrder.isEmpty());
    }

    void memberOrderOfUnusualNames()
    {
        const DecodeResult result = decodeToken(makeToken(kHeader,
            "{\"z\":1,\"\\u0061b\":{\"aud\":[1,{\"x\":\"]\"}]},\"cl\xc3\xa9\":\"\\\"\",\"z\":2,\"aud\":\"x\"}"));
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.token.claimOrder.names(),
            (QStringList {
                QStringLiteral("z"), QStringLiteral("ab"), QString::fromUtf8("cl\xc3\xa9"), QStringLiteral("aud") }));
        QCOMPARE(result.token.audience(), QStringLiteral("x"));
        QCOMPARE(result.token.headerOrder.names(),
            (QStringList { QStringLiteral("typ"), QStringLiteral("alg"), QStringLiteral("kid") }));
        // A value that ends in an escaped backslash: the quote after an even number of backslashes closes it.
        const DecodeResult backslashes
            = decodeToken(makeToken(kHeader, "{\"p\":\"x\\\\\",\"q\":\"\\\\\\\"\",\"r\":1}"));
        QVERIFY2(backslashes.ok(), qPrintable(backslashes.message));
        QCOMPARE(backslashes.token.claimOrder.names(),
            (QStringList { QStringLiteral("p"), QStringLiteral("q"), QStringLiteral("r") }));
        QCOMPARE(backslashes.token.claimText(QStringLiteral("q")), QStringLiteral("\\\""));
    }

    void queryStyleTokenIsStillAParameter_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("token") << QStringLiteral("token");
        QTest::newRow("access_token") << QStringLiteral("access_token");
        QTest::newRow("id_token") << QStringLiteral("id_token");
    }
    void queryStyleTokenIsStillAParameter()
    {
        // "token=<jwt>" is made only of token characters, yet it is a parameter, not a token.
        QFETCH(QString, name);
        const DecodeResult result = decodeToken(name + u'=' + makeToken(kHeader, kPayload));
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.token.raw, makeToken(kHeader, kPayload));
        QVERIFY2(result.token.notes.join(u' ').contains(QLatin1String("parameter")),
            qPrintable(result.token.notes.join(u' ')));
    }

    void nonLatin1CharacterGetsItsError()
    {
        // Characters beyond Latin-1 become '?' and get the base64 error that names their position.
        const QString token = makeToken(kHeader, kPayload);
        const DecodeResult result = decodeToken(token.left(5) + QChar(0x2014) + token.mid(6));
        QCOMPARE(result.error, DecodeError::BadBase64);
        QCOMPARE(result.part, QStringLiteral("header"));
        QVERIFY2(result.message.contains(QLatin1String("'?' at position 6")), qPrintable(result.message));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<DecodeError>("error");
        QTest::addColumn<QString>("part");
        QTest::addColumn<QString>("message"); // a fragment the message must contain
        const QString h = QString::fromLatin1(b64(kHeader));
        const QString p = QString::fromLatin1(b64(kPayload));
        QTest::addRow("empty") << QString() << DecodeError::Empty << QString() << QStringLiteral("empty");
        QTest::addRow("blank") << QStringLiteral(" \n\t ") << DecodeError::Empty << QString()
                               << QStringLiteral("empty");
        QTest::addRow("bearer only") << QStringLiteral("Bearer ") << DecodeError::Opaque << QString()
                                     << QStringLiteral("not a JWT");
        QTest::addRow("opaque consumer token") << QStringLiteral("EwAoA8l6BAAUO9chh8cJscQLmU+LSWpbnr0vmwwAAZ")
                                               << DecodeError::Opaque << QString() << QStringLiteral("opaque");
        QTest::addRow("jwe") << QStringLiteral("eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn") << DecodeError::Jwe
                             << QString() << QStringLiteral("encrypted");
        QTest::addRow("header only") << h << DecodeError::MissingParts << QString() << QStringLiteral("cut off");
        QTest::addRow("no signature part")
            << (h + u'.' + p) << DecodeError::MissingParts << QString() << QStringLiteral("signature");
        QTest::addRow("four parts") << (h + u'.' + p + QStringLiteral(".a.b")) << DecodeError::WrongPartCount
                                    << QString() << QStringLiteral("4 parts");
        QTest::addRow("empty payload") << (h + QStringLiteral("..sig")) << DecodeError::MissingParts
                                       << QStringLiteral("payload") << QStringLiteral("empty");
        QTest::addRow("standard base64 in payload")
            << (h + u'.' + p.left(10) + u'+' + p.mid(11) + QStringLiteral(".sig")) << DecodeError::BadBase64
            << QStringLiteral("payload") << QStringLiteral("standard base64");
        QTest::addRow("bad character in header")
            << (QStringLiteral("eyJ*bGci.") + p + QStringLiteral(".sig")) << DecodeError::BadBase64
            << QStringLiteral("header") << QStringLiteral("'*'");
        QTest::addRow("payload is not json")
            << (h + u'.' + QString::fromLatin1(b64("hello world")) + QStringLiteral(".sig")) << DecodeError::BadJson
            << QStringLiteral("payload") << QStringLiteral("not JSON");
        QTest::addRow("header is an array")
            << (QString::fromLatin1(b64("[1,2]")) + u'.' + p + QStringLiteral(".sig")) << DecodeError::NotAnObject
            << QStringLiteral("header") << QStringLiteral("not an object");
        QTest::addRow("url without token") << QStringLiteral("https://portal.azure.com/#home")
                                           << DecodeError::UrlWithoutToken << QString() << QStringLiteral("no token");
        QTest::addRow("huge input") << QString(300 * 1024, u'a') << DecodeError::TooLong << QString()
                                    << QStringLiteral("KB");
    }
    void errors()
    {
        QFETCH(QString, input);
        QFETCH(DecodeError, error);
        QFETCH(QString, part);
        QFETCH(QString, message);
        const DecodeResult result = decodeToken(input);
        QCOMPARE(result.error, error);
        QVERIFY(!result.ok());
        QCOMPARE(result.part, part);
        QVERIFY2(result.message.contains(message, Qt::CaseInsensitive), qPrintable(result.message));
    }

    void truncatedPayloadLength()
    {
        // 4n+1 base64url characters cannot come from any byte string: the copy lost characters.
        const QString token = QString::fromLatin1(b64(kHeader)) + QStringLiteral(".eyJhYmMiOjF9A.sig");
        const DecodeResult result = decodeToken(token);
        QCOMPARE(result.error, DecodeError::BadBase64);
        QVERIFY2(result.message.contains(QLatin1String("cut off")), qPrintable(result.message));
    }

    void malformedSignatureKeepsClaimsReadable()
    {
        const DecodeResult result = decodeToken(makeToken(kHeader, kPayload, "abc*def"));
        QVERIFY(result.ok());
        QVERIFY(result.token.signatureMalformed);
        QCOMPARE(result.token.audience(), QStringLiteral("api://x"));
    }

    void unsecuredTokenDecodesWithNote()
    {
        const DecodeResult result = decodeToken(makeToken("{\"alg\":\"none\"}", kPayload, ""));
        QVERIFY(result.ok());
        QCOMPARE(result.token.algorithm(), QStringLiteral("none"));
        QVERIFY(result.token.signature.isEmpty());
        QVERIFY(result.token.notes.join(u' ').contains(QLatin1String("no signature")));
    }

    void claimAccessors()
    {
        const DecodeResult result = decodeToken(makeToken(kHeader,
            "{\"scp\":\"User.Read Mail.Send\",\"aud\":[\"a\",\"b\"],"
            "\"azp\":\"c\",\"idtyp\":\"user\",\"nbf\":\"soon\","
            "\"ratio\":0.5,\"big\":1e300,\"iss\":\"https://login.microsoftonline.com/t/v2.0\"}"));
        QVERIFY(result.ok());
        const DecodedToken &t = result.token;
        QCOMPARE(t.scopes(), (QStringList { QStringLiteral("User.Read"), QStringLiteral("Mail.Send") }));
        QCOMPARE(t.claimList(QStringLiteral("aud")), (QStringList { QStringLiteral("a"), QStringLiteral("b") }));
        QCOMPARE(t.clientId(), QStringLiteral("c"));
        QVERIFY(!t.isAppOnly());
        QVERIFY(!t.claimTime(QStringLiteral("nbf")).has_value());
        QVERIFY(!t.claimTime(QStringLiteral("big")).has_value());
        QVERIFY(!t.claimTime(QStringLiteral("missing")).has_value());
        QCOMPARE(t.claimText(QStringLiteral("ratio")), QStringLiteral("0.5"));
        QCOMPARE(t.version, 2);
        QVERIFY(t.claimText(QStringLiteral("missing")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDecodeToken)
#include "test_decodetoken.moc"
