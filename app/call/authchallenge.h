#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace idex {

/*! One challenge of a WWW-Authenticate header (RFC 7235): `Bearer realm="x", error="invalid_token"`.
    Parameter names are kept lower-case (they are case-insensitive); values are unquoted and unescaped. */
struct AuthChallenge
{
    QString scheme; ///< as sent ("Bearer", "Basic", "Negotiate", ...)
    QString token68; ///< the `Negotiate abc==` form; empty when the challenge has parameters
    QList<QPair<QString, QString>> params;

    bool isScheme(QStringView name) const { return scheme.compare(name, Qt::CaseInsensitive) == 0; }
    bool hasParam(QStringView name) const;
    /*! First value of the parameter \a name (case-insensitive); empty when absent. */
    QString param(QStringView name) const;

    QString realm() const { return param(u"realm"); }
    QString error() const { return param(u"error"); }
    QString errorDescription() const { return param(u"error_description"); }
    /*! Entra / Easy Auth: the API's client ID or App ID URI, i.e. the audience a token must carry. */
    QString resourceId() const { return param(u"resource_id"); }
    QString authorizationUri() const { return param(u"authorization_uri"); }
    QString scope() const { return param(u"scope"); }

    /*! Canonical header text, values quoted and escaped: `Bearer realm="a", error="invalid_token"`. */
    QString toString() const;
};

using AuthChallenges = QList<AuthChallenge>;

/*! Parses one WWW-Authenticate (or Proxy-Authenticate) field value, which may hold several challenges.
    Lenient like browsers: tolerates missing commas between parameters (Easy Auth sends them space-separated),
    unterminated quotes and stray characters; never throws, never loops forever, caps what it keeps. */
AuthChallenges parseWwwAuthenticate(QByteArrayView value);

} // namespace idex
