// The one-pass base64url decoder of token parts: it must read exactly what QByteArray::fromBase64 reads, and name the
// first character outside the alphabet (the decoder's error messages quote it).
#include "net/base64url.h"

#include <QRandomGenerator>
#include <QTest>

using namespace idex;

namespace {

const QByteArray kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

QByteArray randomBytes(QRandomGenerator &random, int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(random.bounded(256));
    return bytes;
}

} // namespace

class TestBase64Url : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void alphabet()
    {
        for (int c = 0; c < 0x10000; ++c)
            QCOMPARE(isBase64UrlChar(char16_t(c)), kAlphabet.contains(char(c)) && c < 128);
    }

    void roundTripsEveryLength()
    {
        QRandomGenerator random(14);
        for (int size = 0; size <= 200; ++size) {
            const QByteArray bytes = randomBytes(random, size);
            const QByteArray text = bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
            QByteArray decoded = "untouched";
            QCOMPARE(decodeBase64UrlText(text, &decoded), qsizetype(-1));
            QCOMPARE(decoded, bytes);
        }
    }

    void readsAnyTextAsQtDoes()
    {
        // Any string over the alphabet, of any length: non-canonical last characters and a lone last character
        // (its 6 bits make no byte) included.
        QRandomGenerator random(1400);
        for (int round = 0; round < 2000; ++round) {
            QByteArray text(random.bounded(0, 70), Qt::Uninitialized);
            for (char &c : text)
                c = kAlphabet.at(random.bounded(64));
            QByteArray decoded;
            QCOMPARE(decodeBase64UrlText(text, &decoded), qsizetype(-1));
            QCOMPARE(decoded, QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding));
        }
    }

    // The table encoder writes exactly what QByteArray::toBase64 writes, for every length (each tail of 0, 1, 2).
    void encodesAsQtDoes()
    {
        QRandomGenerator random(1401);
        for (int size = 0; size <= 300; ++size) {
            const QByteArray bytes = randomBytes(random, size);
            QCOMPARE(base64Url(bytes), bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        }
        QCOMPARE(base64Url(QByteArray()), QByteArray());
    }

    // The plain helpers every other part of the program uses (the emulator's keys and page tokens, JWK members,
    // X-MS-CLIENT-PRINCIPAL): unpadded out, padding tolerated in, anything else refused.
    void plainHelpers()
    {
        QCOMPARE(base64Url(QByteArray("\xfb\xff", 2)), QByteArray("-_8"));
        bool ok = false;
        QCOMPARE(fromBase64Url("-_8", &ok), QByteArray("\xfb\xff", 2));
        QVERIFY(ok);
        QCOMPARE(fromBase64Url("-_8=", &ok), QByteArray("\xfb\xff", 2));
        QVERIFY(ok);
        QVERIFY(fromBase64Url("+/8", &ok).isEmpty()); // standard base64 is not base64url
        QVERIFY(!ok);
        QVERIFY(fromBase64Url("a b", &ok).isEmpty());
        QVERIFY(!ok);
    }

    void namesTheFirstBadCharacter()
    {
        const QByteArray valid = QByteArray("a token part of forty-four bytes at least!!")
                                     .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        for (const char bad : { '+', '/', '=', '.', ' ', '\0', '\x80', '\xff', '*' }) {
            for (qsizetype at = 0; at < valid.size(); ++at) {
                QByteArray text = valid;
                text[at] = bad;
                text[qMin(at + 3, text.size() - 1)] = at + 3 < text.size() ? '*' : bad; // a second one after it
                QByteArray decoded = "untouched";
                QCOMPARE(decodeBase64UrlText(text, &decoded), at);
                QCOMPARE(decoded, QByteArray("untouched"));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestBase64Url)
#include "test_base64url.moc"
