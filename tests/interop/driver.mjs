// Runs `idex emulator --port 0 --print-env`, reads the per-protocol environment it prints, runs client.mjs with
// only that protocol's variables for each case, then stops the emulator with SIGTERM and checks it exits cleanly.
// Usage: node driver.mjs <path to idex>
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const idex = process.argv[2];
if (!idex) {
  console.error("usage: node driver.mjs <path to idex>");
  process.exit(2);
}

function startEmulator() {
  return new Promise((resolve, reject) => {
    const child = spawn(idex, ["emulator", "--port", "0", "--print-env", "--quiet"], { stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    const timer = setTimeout(() => reject(new Error("the emulator did not print '# ready' within 30 s")), 30000);
    child.on("exit", (code) => reject(new Error(`the emulator exited early with ${code}`)));
    child.stdout.on("data", (chunk) => {
      text += chunk;
      if (text.includes("# ready\n")) {
        clearTimeout(timer);
        const blocks = {};
        let current = null;
        for (const line of text.split("\n")) {
          const header = line.match(/^# protocol: (\S+)$/);
          const assignment = line.match(/^export ([A-Z_]+)='(.*)'$/);
          if (header) blocks[(current = header[1])] = {};
          else if (assignment && current) blocks[current][assignment[1]] = assignment[2].replace(/'\\''/g, "'");
        }
        resolve({ child, blocks });
      }
    });
  });
}

function runClient(env, args, script = "client.mjs") {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(here, script), ...args], { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out: out.trim() });
    });
  });
}

// Only what a process needs, plus one protocol's variables: no real managed identity variable can leak in.
function cleanEnv(extra) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_PROXY: "127.0.0.1,localhost", no_proxy: "127.0.0.1,localhost" };
  return { ...env, ...extra };
}

const { child: emulator, blocks } = await startEmulator();
emulator.removeAllListeners("exit");
const base = blocks.common.IDEX_EMULATOR_URL;
// The admin API wants the per-run token that --print-env prints in the common block.
const adminHeaders = { Authorization: `Bearer ${blocks.common.IDEX_EMULATOR_ADMIN_TOKEN}` };
const scenario = await (await fetch(`${base}/admin/scenario`, { headers: adminHeaders })).json();
const walkthrough = scenario.walkthrough;
const noAccess = scenario.identities.find((identity) => identity.name === "idex-noaccess");
const reader = scenario.identities.find((identity) => identity.name === "idex-reader");
const functionUrl = `${base}${walkthrough.functionPath}`;
const httpsFunctionUrl = `${blocks.common.IDEX_EMULATOR_HTTPS_URL}${walkthrough.functionPath}`;
// NODE_EXTRA_CA_CERTS is read once, at process start: each client process gets it in its environment.
const trust = { NODE_EXTRA_CA_CERTS: blocks.common.NODE_EXTRA_CA_CERTS };
const defaultCredential = { INTEROP_CREDENTIAL: "default" };

const cases = [
  { label: "App Service 2019, system-assigned", protocol: "appservice", args: [walkthrough.resource, functionUrl, "200"] },
  { label: "IMDS via AZURE_POD_IDENTITY_AUTHORITY_HOST, system-assigned", protocol: "imds", args: [walkthrough.resource, functionUrl, "200"] },
  { label: "IMDS, user-assigned idex-noaccess (no DoAll: 403)", protocol: "imds", args: [walkthrough.resource, functionUrl, "403", noAccess.clientId] },
  { label: "App Service 2019, user-assigned idex-reader (403)", protocol: "appservice", args: [walkthrough.resource, functionUrl, "403", reader.clientId] },
  { label: "Cloud Shell (MSI_ENDPOINT only)", protocol: "cloudshell", args: [walkthrough.resource, functionUrl, "200"] },
  // msal-node uses IDENTITY_SERVER_THUMBPRINT only to detect Service Fabric and validates the certificate chain:
  // the emulator's leaf comes from its local CA, which NODE_EXTRA_CA_CERTS names.
  { label: "Service Fabric over TLS (msal-node validates the chain: NODE_EXTRA_CA_CERTS)", protocol: "servicefabric", extra: trust, args: [walkthrough.resource, functionUrl, "200"] },
  { label: "App Service 2019, the protected function over https (NODE_EXTRA_CA_CERTS)", protocol: "appservice", extra: trust, args: [walkthrough.resource, httpsFunctionUrl, "200"] },
  { label: "DefaultAzureCredential picks App Service from the printed environment", protocol: "appservice", extra: defaultCredential, args: [walkthrough.resource, functionUrl, "200"] },
  { label: "DefaultAzureCredential picks IMDS, user-assigned idex-noaccess (403)", protocol: "imds", extra: defaultCredential, args: [walkthrough.resource, functionUrl, "403", noAccess.clientId] },
];
// Not here on purpose: workload identity through @azure/identity runs MSAL instance discovery against
// login.microsoftonline.com for an unknown authority host, and tests never leave loopback. Arc: msal-node accepts
// a challenge key file only under /var/opt/azcmagent/tokens (the real agent's directory), outside any work dir.

let failures = 0;
for (const c of cases) {
  const { code, out } = await runClient(cleanEnv({ ...blocks[c.protocol], ...(c.extra ?? {}), IDEX_EMULATOR_URL: base }), [c.label, ...c.args]);
  console.log(`${code === 0 ? "PASS" : "FAIL"}  ${c.label}\n      ${out}`);
  if (code !== 0) failures++;
}

// The Microsoft Graph JS SDK over https: read with its own paging, $filter and $select, then edit.
const graphRun = await runClient(cleanEnv({ ...blocks.common, ...blocks.imds, ...trust }), [], "graph.mjs");
console.log(graphRun.out);
if (graphRun.code !== 0) failures++;

const exitCode = await new Promise((resolve) => {
  const timer = setTimeout(() => {
    emulator.kill("SIGKILL");
    resolve("killed after 10 s");
  }, 10000);
  emulator.on("exit", (code, signal) => {
    clearTimeout(timer);
    resolve(code ?? signal);
  });
  emulator.kill("SIGTERM");
});
console.log(`${exitCode === 0 ? "PASS" : "FAIL"}  idex emulator stops on SIGTERM with exit code 0 (got ${exitCode})`);
if (exitCode !== 0) failures++;
console.log(failures === 0 ? `All ${cases.length + 2} interop check groups passed.` : `${failures} interop check group(s) failed.`);
process.exit(failures === 0 ? 0 : 1);
