#include "responsebody.h"

#include <QJsonDocument>
#include <QStringDecoder>

namespace idex {

namespace {

bool isValidUtf8Text(const QByteArray &body)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(body);
    if (decoder.hasError())
        return false;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 && u != u'\n' && u != u'\r' && u != u'\t')
            return false;
    }
    return true;
}

} // namespace

BodyKind classifyBody(const QByteArray &body, QByteArrayView contentType)
{
    if (body.isEmpty())
        return BodyKind::Empty;
    const QByteArray trimmed = body.trimmed();
    if (trimmed.startsWith('{') || trimmed.startsWith('[') || contentType.contains("json")) {
        QJsonParseError error;
        QJsonDocument::fromJson(body, &error);
        if (error.error == QJsonParseError::NoError)
            return BodyKind::Json;
    }
    if (!isValidUtf8Text(body))
        return BodyKind::Binary;
    const QByteArray head = trimmed.left(256).toLower();
    if (contentType.contains("html") || head.startsWith("<!doctype html") || head.startsWith("<html"))
        return BodyKind::Html;
    return BodyKind::Text;
}

QString bodyKindName(BodyKind kind)
{
    switch (kind) {
    case BodyKind::Empty: return QStringLiteral("empty");
    case BodyKind::Json: return QStringLiteral("json");
    case BodyKind::Html: return QStringLiteral("html");
    case BodyKind::Text: return QStringLiteral("text");
    case BodyKind::Binary: return QStringLiteral("binary");
    }
    return {};
}

QString prettyJson(const QByteArray &body)
{
    QJsonParseError error;
    QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return QString::fromUtf8(body);
    // Re-indent the text rather than re-serialise the document, so that the server's key order is kept
    // (QJsonObject sorts keys) and numbers keep their spelling.
    const QString text = QString::fromUtf8(body).trimmed();
    QString out;
    out.reserve(text.size() * 2);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    auto newline = [&out, &depth] {
        out += u'\n';
        out += QString(depth * 2, u' ');
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == u'\\')
                escaped = true;
            else if (c == u'"')
                inString = false;
            continue;
        }
        if (c.isSpace())
            continue;
        switch (c.unicode()) {
        case u'"':
            inString = true;
            out += c;
            break;
        case u'{':
        case u'[': {
            out += c;
            // Keep empty containers on one line.
            qsizetype j = i + 1;
            while (j < text.size() && text.at(j).isSpace())
                ++j;
            if (j < text.size() && (text.at(j) == u'}' || text.at(j) == u']')) {
                out += text.at(j);
                i = j;
                break;
            }
            ++depth;
            newline();
            break;
        }
        case u'}':
        case u']':
            --depth;
            newline();
            out += c;
            break;
        case u',':
            out += c;
            newline();
            break;
        case u':': out += QStringLiteral(": "); break;
        default: out += c;
        }
    }
    return out;
}

QString hexDump(const QByteArray &body, qsizetype maxBytes)
{
    const qsizetype shown = qMin(body.size(), maxBytes);
    QString out;
    out.reserve(shown / 16 * 80 + 80);
    for (qsizetype offset = 0; offset < shown; offset += 16) {
        out += QStringLiteral("%1  ").arg(offset, 8, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = 0; i < 16; ++i) {
            if (offset + i < shown) {
                const auto byte = uchar(body.at(offset + i));
                out += QStringLiteral("%1 ").arg(byte, 2, 16, QLatin1Char('0'));
                ascii += (byte >= 0x20 && byte < 0x7f) ? QChar(byte) : QChar(u'.');
            } else {
                out += QStringLiteral("   ");
            }
            if (i == 7)
                out += u' ';
        }
        out += u' ' + ascii + u'\n';
    }
    if (shown < body.size())
        out += QStringLiteral("… %1 more bytes not shown\n").arg(body.size() - shown);
    return out;
}

QString formatSize(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MiB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

} // namespace idex
