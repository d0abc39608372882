#pragma once

#include "net/httptypes.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace idex {

/*! The caller as App Service Authentication (Easy Auth) forwards it to the app: the Base64 JSON value of
    X-MS-CLIENT-PRINCIPAL ({auth_typ, claims:[{typ,val}], name_typ, role_typ}), or one entry of /.auth/me. */
struct ClientPrincipal
{
    QString authType; ///< "aad"
    QString nameType; ///< claim type used as the name
    QString roleType; ///< claim type used for roles
    QString userId; ///< /.auth/me only
    QList<QPair<QString, QString>> claims; ///< claim types as sent (long URIs included), in order

    /*! All values of a claim, matching the type as sent or its short JWT name ("tid" finds
        http://schemas.microsoft.com/identity/claims/tenantid). */
    QStringList values(const QString &type) const;
    QString value(const QString &type) const { return values(type).value(0); }
    QStringList roles() const;
};

/*! The JWT name Easy Auth's long claim URIs stand for (tenantid -> tid, objectidentifier -> oid, ...); the input
    itself when it is not one of them. */
QString shortClaimType(const QString &type);

struct ClientPrincipalResult
{
    ClientPrincipal principal;
    QString error; ///< what was wrong with the input, in words; empty on success
    bool ok() const { return error.isEmpty(); }
};

/*! Decodes an X-MS-CLIENT-PRINCIPAL value (Base64 or Base64url, padding optional, whitespace tolerated). */
ClientPrincipalResult decodeClientPrincipal(QByteArrayView value);

/*! Reads the JSON array /.auth/me returns. Tokens it may contain (access_token, id_token) are not kept. */
ClientPrincipalResult parseAuthMe(const QByteArray &body);

/*! GET <origin of appUrl>/.auth/me with the bearer token (empty: none). */
HttpRequest authMeRequest(const QUrl &appUrl, const QString &bearerToken);

} // namespace idex
