#include "pastedtokensource.h"

#include <QRegularExpression>
#include <QTimer>

namespace idex {

PastedTokenSource::PastedTokenSource(SourceConfig config, QObject *parent)
    : TokenSource(parent)
    , m_config(std::move(config))
{ }

QString PastedTokenSource::normalize(const QString &text, QString *problem)
{
    QString token = text.trimmed();
    if (token.startsWith(QLatin1String("bearer "), Qt::CaseInsensitive))
        token = token.mid(7).trimmed();
    if (token.startsWith(u'"') && token.endsWith(u'"') && token.size() > 1)
        token = token.mid(1, token.size() - 2);
    // Tokens copied from terminals arrive wrapped over several lines.
    token.remove(QRegularExpression(QStringLiteral("\\s+")));
    if (token.isEmpty()) {
        if (problem)
            *problem = QStringLiteral("Nothing was pasted.");
        return {};
    }
    static const QRegularExpression jwt(QStringLiteral("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$"));
    if (!jwt.match(token).hasMatch()) {
        if (problem)
            *problem = QStringLiteral("This is not a JWT: an access token is three base64url parts separated by dots "
                                      "(header.payload.signature), usually starting with \"eyJ\".");
        return {};
    }
    return token;
}

void PastedTokenSource::begin(const TokenRequest &request)
{
    QString problem;
    const QString token = normalize(m_config.pastedToken, &problem);
    if (token.isEmpty()) {
        failLater(makeFailure(QStringLiteral("not-a-token"), QStringLiteral("The pasted text is not a token"), problem,
            QStringLiteral("Paste the access_token value only, without quotes or JSON around it.")));
        return;
    }
    TokenResult result;
    result.accessToken = token;
    result.resource = request.resource;
    result.identity = request.identity;
    result.endpoint = QStringLiteral("(pasted)");
    QTimer::singleShot(0, this, [this, result] { succeed(result); });
}

} // namespace idex
