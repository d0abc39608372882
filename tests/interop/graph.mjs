// The official Microsoft Graph JS SDK against the emulator's Graph over https (issue #15): authenticated by
// @azure/identity's ManagedIdentityCredential (IMDS variables only), trusting the emulator's local CA through
// NODE_EXTRA_CA_CERTS. It pages with its own PageIterator (every @odata.nextLink followed as given: a link that left
// https or the host would get no token and fail), filters and selects, then adds and removes an app role
// assignment, checking each change through Graph itself and through the admin API. Prints one JSON line per check.
// Usage: node graph.mjs (environment: the common and imds blocks of --print-env, NODE_EXTRA_CA_CERTS)
import { createRequire } from "node:module";
import { ManagedIdentityCredential } from "@azure/identity";

const require = createRequire(import.meta.url);
const { Client, PageIterator } = require("@microsoft/microsoft-graph-client");
const { TokenCredentialAuthenticationProvider } = require("@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials");

const env = process.env;
const httpsBase = new URL(env.IDEX_EMULATOR_HTTPS_URL);
const admin = { Authorization: `Bearer ${env.IDEX_EMULATOR_ADMIN_TOKEN}` };
let failures = 0;
function check(label, ok, detail) {
  console.log(`${ok ? "PASS" : "FAIL"}  Graph SDK: ${label}\n      ${JSON.stringify(detail ?? {}).slice(0, 1500)}`);
  if (!ok) failures++;
}

try {
  const scenario = await (await fetch(`${env.IDEX_EMULATOR_URL}/admin/scenario`, { headers: admin })).json();
  const byName = Object.fromEntries(scenario.identities.map((identity) => [identity.name, identity]));
  const credential = new ManagedIdentityCredential({ clientId: byName["idex-reader"].clientId });
  const client = Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ["https://graph.microsoft.com/.default"] }),
    baseUrl: httpsBase.origin,
    defaultVersion: "v1.0",
    customHosts: new Set([httpsBase.hostname]), // the SDK attaches tokens to https URLs of known hosts only
  });

  // Paging: one object per page, so every page after the first comes from a nextLink.
  const seen = [];
  let pages = 1;
  const first = await client.api("/servicePrincipals").top(1).count(true).get();
  const count = first["@odata.count"];
  const links = [];
  const iterator = new PageIterator(client, first, (sp) => {
    seen.push(sp.id);
    return true;
  });
  const original = iterator.fetchAndUpdateNextPageData?.bind(iterator);
  if (original)
    iterator.fetchAndUpdateNextPageData = async () => {
      links.push(iterator.nextLink);
      pages++;
      return original();
    };
  await iterator.iterate();
  // Every application's and every managed identity's service principal, each once.
  const expected = new Set([...scenario.servicePrincipals.map((sp) => sp.id), ...scenario.identities.map((i) => i.principalId)]);
  check(
    "PageIterator reads every service principal, one page each, links on https",
    seen.length === count && new Set(seen).size === seen.length && seen.every((id) => expected.has(id))
      && expected.size === count && pages === count
      && links.every((link) => link.startsWith(`${httpsBase.origin}/v1.0/servicePrincipals?`)),
    { pages, seen: seen.length, count, expected: expected.size, firstLink: links[0] },
  );

  // $filter and $select.
  const aadFunc = scenario.servicePrincipals.find((sp) => sp.displayName === "aad-func");
  const filtered = await client.api("/servicePrincipals").filter(`appId eq '${aadFunc.appId}'`).select(["id", "displayName"]).get();
  const item = filtered.value?.[0] ?? {};
  check(
    "$filter by appId and $select id,displayName",
    filtered.value?.length === 1 && item.id === aadFunc.id
      && Object.keys(item).filter((key) => !key.startsWith("@")).sort().join(",") === "displayName,id",
    filtered.value,
  );

  // Add, then remove, an app role assignment (idex-noaccess gets aad-func's DoAll).
  const principal = { id: byName["idex-noaccess"].principalId };
  const app = scenario.applications.find((a) => a.appId === aadFunc.appId);
  const doAll = app.appRoles.find((role) => role.value === "DoAll");
  const created = await client.api(`/servicePrincipals/${principal.id}/appRoleAssignments`).post({
    principalId: principal.id,
    resourceId: aadFunc.id,
    appRoleId: doAll.id,
  });
  const afterAdd = await client.api(`/servicePrincipals/${principal.id}/appRoleAssignments`).get();
  const adminAfterAdd = await (await fetch(`${env.IDEX_EMULATOR_URL}/admin/scenario`, { headers: admin })).json();
  check(
    "POST appRoleAssignments creates the assignment (seen through Graph and the admin API)",
    created.appRoleId === doAll.id && afterAdd.value.some((a) => a.id === created.id)
      && adminAfterAdd.appRoleAssignments.some((a) => a.id === created.id),
    { id: created.id, principalDisplayName: created.principalDisplayName, resourceDisplayName: created.resourceDisplayName },
  );
  await client.api(`/servicePrincipals/${principal.id}/appRoleAssignments/${created.id}`).delete();
  const afterDelete = await client.api(`/servicePrincipals/${principal.id}/appRoleAssignments`).get();
  const adminAfterDelete = await (await fetch(`${env.IDEX_EMULATOR_URL}/admin/scenario`, { headers: admin })).json();
  check(
    "DELETE removes it again",
    !afterDelete.value.some((a) => a.id === created.id) && !adminAfterDelete.appRoleAssignments.some((a) => a.id === created.id),
    { remaining: afterDelete.value.length },
  );
} catch (error) {
  check("no exception", false, { error: String(error?.message ?? error), code: error?.code, statusCode: error?.statusCode });
}
process.exit(failures === 0 ? 0 : 1);
