#include "tokenresponse.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace idex {

namespace {

constexpr qint64 kRelativeBelow = 978307200; // 2001-01-01: smaller "expiry" numbers are lifetimes, not dates

std::optional<QDateTime> fromNumber(double number, const QDateTime &now)
{
    if (!(number >= 0) || number > 253402300799.0) // NaN, negative, or past year 9999
        return std::nullopt;
    const auto seconds = qint64(number);
    if (seconds < kRelativeBelow)
        return now.addSecs(seconds);
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
}

std::optional<QDateTime> fromAppService2017(const QString &text)
{
    // M/d/yyyy h:mm:ss [AM|PM] [+hh:mm]; the offset is the zone the wall-clock time is written in.
    static const QRegularExpression pattern(QStringLiteral(
        "^(\\d{1,2})/(\\d{1,2})/"
        "(\\d{4})\\s+(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\s*([AaPp][Mm]))?(?:\\s*([+-])(\\d{2}):?(\\d{2}))?$"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    int hour = match.captured(4).toInt();
    const QString meridiem = match.captured(7).toUpper();
    if (!meridiem.isEmpty()) {
        if (hour < 1 || hour > 12)
            return std::nullopt;
        if (meridiem == QLatin1String("AM") && hour == 12)
            hour = 0;
        else if (meridiem == QLatin1String("PM") && hour != 12)
            hour += 12;
    }
    const QDate date(match.captured(3).toInt(), match.captured(1).toInt(), match.captured(2).toInt());
    const QTime time(hour, match.captured(5).toInt(), match.captured(6).toInt());
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    QDateTime utc(date, time, Qt::UTC);
    if (!match.captured(8).isEmpty()) {
        const int offset = match.captured(9).toInt() * 3600 + match.captured(10).toInt() * 60;
        utc = utc.addSecs(match.captured(8) == QLatin1String("+") ? -offset : offset);
    }
    return utc;
}

} // namespace

std::optional<QDateTime> parseExpiresOn(const QString &input, const QDateTime &now)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double number = text.toDouble(&ok);
    if (ok)
        return fromNumber(number, now);
    if (auto date = fromAppService2017(text))
        return date;
    QDateTime iso = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!iso.isValid())
        iso = QDateTime::fromString(text, Qt::ISODate);
    if (iso.isValid()) {
        if (iso.timeSpec() == Qt::LocalTime) // no zone written: ISO strings from Azure are UTC
            iso.setTimeSpec(Qt::UTC);
        return iso.toUTC();
    }
    return std::nullopt;
}

std::optional<QDateTime> parseExpiresOn(const QJsonValue &value, const QDateTime &now)
{
    if (value.isDouble())
        return fromNumber(value.toDouble(), now);
    if (value.isString())
        return parseExpiresOn(value.toString(), now);
    return std::nullopt;
}

std::optional<QDateTime> parseExpiresIn(const QJsonValue &value, const QDateTime &now)
{
    double seconds = -1;
    if (value.isDouble()) {
        seconds = value.toDouble();
    } else if (value.isString()) {
        bool ok = false;
        seconds = value.toString().trimmed().toDouble(&ok);
        if (!ok)
            return std::nullopt;
    }
    if (!(seconds >= 0) || seconds > 10.0 * 365 * 24 * 3600)
        return std::nullopt;
    return now.addSecs(qint64(seconds));
}

std::optional<TokenResponse> parseTokenResponse(const QByteArray &body, const QDateTime &now, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        if (error)
            *error = body.trimmed().isEmpty()
                ? QStringLiteral("The endpoint answered with an empty body instead of a token.")
                : QStringLiteral("The endpoint's answer is not a JSON object (%1).").arg(parseError.errorString());
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    TokenResponse response;
    response.accessToken = object.value(QLatin1String("access_token")).toString();
    if (response.accessToken.isEmpty()) {
        if (error)
            *error = QStringLiteral("The endpoint's JSON answer has no access_token.");
        return std::nullopt;
    }
    response.tokenType = object.value(QLatin1String("token_type")).toString(QStringLiteral("Bearer"));
    response.resource = object.value(QLatin1String("resource")).toString();
    response.clientId = object.value(QLatin1String("client_id")).toString();
    if (auto on = parseExpiresOn(object.value(QLatin1String("expires_on")), now))
        response.expiresOn = *on;
    else if (auto in = parseExpiresIn(object.value(QLatin1String("expires_in")), now))
        response.expiresOn = *in;
    if (auto nbf = parseExpiresOn(object.value(QLatin1String("not_before")), now))
        response.notBefore = *nbf;
    return response;
}

} // namespace idex
