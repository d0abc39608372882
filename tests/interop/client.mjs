// One official-SDK client run: @azure/identity's ManagedIdentityCredential gets a token using environment
// variables only, then jose verifies it through OpenID discovery from the token's own `iss`, then the token is sent
// to the scenario's protected function. Prints one JSON line; exit 0 when every step behaved as expected.
// Usage: node client.mjs <label> <resource> <functionUrl> <expectedStatus> [clientId]
// INTEROP_CREDENTIAL=default uses DefaultAzureCredential instead (it must find the emulator by itself).
import { DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";

const [label, resource, functionUrl, expectedStatus, clientId] = process.argv.slice(2);
const result = { label, ok: false };
try {
  const credential = process.env.INTEROP_CREDENTIAL === "default"
    ? new DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {})
    : clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
  const accessToken = await credential.getToken(`${resource}/.default`);
  const claims = decodeJwt(accessToken.token);
  result.expiresOnTimestamp = accessToken.expiresOnTimestamp;
  result.appid = claims.appid ?? claims.azp;

  const discovery = `${claims.iss.replace(/\/$/, "")}/.well-known/openid-configuration`;
  const config = await (await fetch(discovery)).json();
  const jwks = createRemoteJWKSet(new URL(config.jwks_uri));
  const { payload, protectedHeader } = await jwtVerify(accessToken.token, jwks, {
    issuer: config.issuer,
    audience: resource,
    algorithms: ["RS256"],
  });
  result.verified = true;
  result.kid = protectedHeader.kid;
  result.roles = payload.roles ?? [];

  const response = await fetch(functionUrl, { headers: { Authorization: `Bearer ${accessToken.token}` } });
  result.functionStatus = response.status;
  result.ok = String(response.status) === expectedStatus && accessToken.expiresOnTimestamp > Date.now();
} catch (error) {
  result.error = String(error && error.message ? error.message : error).slice(0, 2000);
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
