#include "tenantgenerator.h"

#include <QUuid>

#include <random>

namespace idex {

namespace {
// Deterministic GUID-shaped ids (QUuid::createUuid is random, the benchmark must repeat).
QString guid(std::mt19937 &rng)
{
    std::uniform_int_distribution<quint32> d;
    const quint32 a = d(rng), b = d(rng), c = d(rng), e = d(rng);
    return QUuid(a, quint16(b), quint16(b >> 16), uchar(c), uchar(c >> 8), uchar(c >> 16), uchar(c >> 24), uchar(e),
        uchar(e >> 8), uchar(e >> 16), uchar(e >> 24))
        .toString(QUuid::WithoutBraces);
}

const char *const apiWords[] = { "Orders", "Billing", "Inventory", "Payments", "Reports", "Search", "Shipping",
    "Catalog", "Identity", "Audit", "Ledger", "Pricing", "Notify", "Archive" };
const char *const roleWords[] = { "Read", "Write", "ReadWrite", "Admin", "DoAll", "Export", "Approve", "Delete" };
const char *const hostWords[] = { "func", "app", "vm", "aks", "logic", "job", "batch", "worker" };
} // namespace

Directory generateTenant(const TenantGeneratorOptions &options)
{
    std::mt19937 rng(options.seed);
    Directory d;
    d.tenantId = guid(rng);
    d.sourceDescription = QStringLiteral("Generated tenant (%L1 objects)").arg(options.objects);
    d.loadedAt = QDateTime::currentDateTimeUtc();

    const int objects = std::max(options.objects, 4);
    const int apiCount = std::max(1, objects / 25); // each API is two objects: registration + service principal
    const int clientAppCount = std::max(1, objects / 25);
    const int identities = std::max(1, objects - 2 * apiCount - clientAppCount);
    const QString tenant = d.tenantId;

    struct RoleRef
    {
        QString sp;
        QString role;
        QString value;
        QString api;
    };
    QList<RoleRef> roles;
    for (int i = 0; i < apiCount; ++i) {
        Application app;
        app.id = guid(rng);
        app.appId = guid(rng);
        app.displayName = QStringLiteral("%1 API %2").arg(QLatin1String(apiWords[i % 14])).arg(i + 1);
        app.identifierUris = { QStringLiteral("api://") + app.appId };
        if (i % 3 == 0)
            app.requestedAccessTokenVersion = 2;
        const int roleCount = 1 + int(rng() % 5);
        for (int r = 0; r < roleCount; ++r) {
            AppRole role;
            role.id = guid(rng);
            role.value = QLatin1String(roleWords[(i + r) % 8]);
            role.displayName = role.value + QStringLiteral(" access");
            role.description = QStringLiteral("Lets the caller %1 in %2").arg(role.value, app.displayName);
            role.allowedMemberTypes = { QStringLiteral("Application") };
            if (r % 4 == 3)
                role.allowedMemberTypes.append(QStringLiteral("User"));
            app.appRoles.append(role);
        }
        ServicePrincipal sp;
        sp.id = guid(rng);
        sp.appId = app.appId;
        sp.displayName = app.displayName;
        sp.servicePrincipalType = QStringLiteral("Application");
        sp.servicePrincipalNames = { app.appId, app.identifierUris.first() };
        sp.appRoles = app.appRoles;
        sp.appRoleAssignmentRequired = i % 2 == 0;
        sp.appOwnerOrganizationId = tenant;
        for (const AppRole &role : std::as_const(app.appRoles))
            roles.append(RoleRef { sp.id, role.id, role.value, sp.displayName });
        d.addApplication(app);
        d.addServicePrincipal(sp);
    }

    QList<std::pair<QString, QString>> principals; // id, name
    principals.reserve(identities + clientAppCount);
    for (int i = 0; i < identities; ++i) {
        ServicePrincipal sp;
        sp.id = guid(rng);
        sp.appId = guid(rng);
        sp.servicePrincipalType = QStringLiteral("ManagedIdentity");
        const bool user = i % 4 == 0;
        const QString rg = QStringLiteral("rg-%1").arg(i % 97);
        if (user) {
            sp.displayName = QStringLiteral("id-%1-%2").arg(QLatin1String(hostWords[i % 8])).arg(i);
            sp.alternativeNames = { QStringLiteral("isExplicit=True"),
                QStringLiteral(
                    "/subscriptions/%1/resourcegroups/%2/providers/Microsoft.ManagedIdentity/userAssignedIdentities/%3")
                    .arg(tenant, rg, sp.displayName) };
        } else {
            sp.displayName = QStringLiteral("%1-%2").arg(QLatin1String(hostWords[i % 8])).arg(i);
            sp.alternativeNames = { QStringLiteral("isExplicit=False"),
                QStringLiteral("/subscriptions/%1/resourcegroups/%2/providers/Microsoft.Web/sites/%3")
                    .arg(tenant, rg, sp.displayName) };
        }
        sp.servicePrincipalNames = { sp.appId, QStringLiteral("https://identity.azure.net/") + sp.id };
        principals.append({ sp.id, sp.displayName });
        d.addServicePrincipal(sp);
    }
    for (int i = 0; i < clientAppCount; ++i) {
        ServicePrincipal sp;
        sp.id = guid(rng);
        sp.appId = guid(rng);
        sp.displayName = QStringLiteral("daemon-%1").arg(i);
        sp.servicePrincipalType = QStringLiteral("Application");
        sp.servicePrincipalNames = { sp.appId };
        principals.append({ sp.id, sp.displayName });
        d.addServicePrincipal(sp);
    }

    // Assignments: each principal picks roles near "its" API, so the picture has structure rather than noise.
    const qint64 total = qint64(objects) * options.assignmentsPerObject;
    const QDateTime base(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
    std::uniform_int_distribution<int> spread(-3, 3);
    for (qint64 n = 0; n < total; ++n) {
        const auto &principal = principals.at(n % principals.size());
        const qint64 home = (n % principals.size()) * roles.size() / principals.size();
        const qint64 pick
            = ((home + spread(rng) + n / principals.size() * 7) % roles.size() + roles.size()) % roles.size();
        const RoleRef &role = roles.at(pick);
        AppRoleAssignment a;
        a.id = QStringLiteral("gen-%1").arg(n);
        a.appRoleId = role.role;
        a.principalId = principal.first;
        a.principalType = QStringLiteral("ServicePrincipal");
        a.principalDisplayName = principal.second;
        a.resourceId = role.sp;
        a.resourceDisplayName = role.api;
        a.createdDateTime = base.addSecs(n * 37);
        d.addAssignment(a);
    }
    return d;
}

} // namespace idex
