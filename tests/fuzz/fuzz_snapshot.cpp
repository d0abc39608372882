// libFuzzer target for directory snapshot files (`idex directory --source FILE`, `idex diagnose --directory`, the
// Directory panel's File > Open): snapshot::fromJson with the Graph-shaped object readers of directoryjson, then
// what the panel does with an accepted file (lookups, the graph layout, a token path). Invariants: the sliced reader
// (fromJson) and the whole-document reader (fromJsonWhole) accept the same files with the same objects and refuse
// the same files with the same message, whether the bytes come at once or in small blocks; an accepted snapshot written
// back with toJson() is accepted again with the same objects.
#include "directory/directorygraph.h"
#include "directory/snapshot.h"
#include "directory/snapshotreader.h"
#include "directory/tokenpath.h"
#include "fuzzsupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace idex;
    const QByteArray bytes = fuzz::bytesOf(data, size);
    Directory directory;
    QString error;
    const bool accepted = snapshot::fromJson(bytes, directory, &error);
    Directory whole;
    QString wholeError;
    const bool wholeAccepted = snapshot::fromJsonWhole(bytes, whole, &wholeError);
    fuzz::require(accepted == wholeAccepted, "the sliced and the whole-document readers disagree");
    fuzz::require(error == wholeError, "the sliced and the whole-document readers explain differently");
    // The same bytes cut into small blocks and pieces, as a large file is cut (a unit split across blocks).
    Directory cut;
    QString cutError;
    fuzz::require(snapshot::fromJsonInBlocks(bytes, 5, 64, cut, &cutError) == accepted && cutError == error
            && cut.objectCount() == whole.objectCount() && cut.assignments().size() == whole.assignments().size(),
        "the sliced reader fed in small blocks reads otherwise");
    if (!accepted) {
        fuzz::require(!error.isEmpty(), "a refused snapshot must say why");
        return 0;
    }
    fuzz::require(whole.objectCount() == directory.objectCount()
            && whole.assignments().size() == directory.assignments().size()
            && whole.grants().size() == directory.grants().size() && whole.tenantId == directory.tenantId,
        "the sliced reader read other objects than the whole-document reader");
    for (const ServicePrincipal &sp : directory.servicePrincipals()) {
        (void)sp.managedIdentityKind();
        (void)sp.armResourceId();
        (void)sp.kindLabel();
        (void)directory.rolesOf(sp);
        (void)directory.assignmentsHeldBy(sp.id);
        (void)directory.assignmentsOn(sp.id);
        (void)directory.displayNameOf(sp.id);
    }
    for (const AppRoleAssignment &assignment : directory.assignments()) {
        (void)directory.role(assignment.resourceId, assignment.appRoleId);
        TokenPathInput input;
        input.objectId = assignment.principalId;
        if (const ServicePrincipal *resource = directory.servicePrincipal(assignment.resourceId))
            input.audience = resource->appId;
        (void)traceTokenPath(directory, input);
    }
    const DirectoryGraph graph = DirectoryGraph::build(directory);
    (void)graph;

    const QByteArray written = snapshot::toJson(directory);
    Directory again;
    if (!snapshot::fromJson(written, again, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        fuzz::invariantBroken("an accepted snapshot, written back, is refused");
    }
    fuzz::require(again.objectCount() == directory.objectCount(), "objects lost in the round trip");
    fuzz::require(again.assignments().size() == directory.assignments().size(), "assignments lost in the round trip");
    return 0;
}
