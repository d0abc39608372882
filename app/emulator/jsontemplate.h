#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>

#include <initializer_list>

namespace idex::emulator {

/*! JSON text that QJsonDocument serialized once, with markers where values change from one use to the next (a
    token's times and random values, an answer's token and expiry): fill() puts each use's values in their place.
    Building a QJsonObject and serializing it was most of the server's work per fresh token; the bytes are the same.
    Values are raw JSON (a number, or a string with its quotes that needs no escapes: callers pass digits and
    base64url text only). */
class JsonTemplate
{
public:
    /*! \a object holds marker(i) as the string value of field i, for i < \a fields, each once (a value used twice
        takes two fields). \a nonce (a per-process secret)
        makes the markers impossible for any other value to contain. */
    static JsonTemplate fromObject(const QJsonObject &object, const QByteArray &nonce, int fields);
    static QString marker(const QByteArray &nonce, int field);

    bool isNull() const { return m_segments.isEmpty(); }
    /*! The JSON with \a values in order of the fields (their count as given to fromObject). */
    QByteArray fill(std::initializer_list<QByteArrayView> values) const;

private:
    QList<QByteArray> m_segments; ///< the JSON between the values
    QList<int> m_fields; ///< which field follows each segment but the last
};

/*! Whether \a text can go into JSON as it is, between quotes: base64url characters, '.', and '~'. */
bool isPlainJsonText(QByteArrayView text);

/*! \a parts one after the other, in one allocation and one memcpy each: Qt 6.4's QStringBuilder (a + '.' + b)
    copies QByteArrays a byte at a time, which cost a fresh token's event loop several thousand instructions per
    1.5 KB token (the signing input, the token, the token between quotes). */
QByteArray concatenated(std::initializer_list<QByteArrayView> parts);

} // namespace idex::emulator
