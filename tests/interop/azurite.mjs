// The emulator as the identity of a local Azure stack (issue #15): Azurite with OAuth on (`--oauth basic`, https)
// accepts the emulator's tokens (minted with --entra-issuers, audience https://storage.azure.com), and
// @azure/storage-blob authenticated by ManagedIdentityCredential writes, lists and reads a blob. A token for another
// audience is refused by Azurite (it checks). Everything on loopback; Azurite keeps its data in memory.
// Usage: node azurite.mjs <path to idex>
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const [idex, role] = process.argv.slice(2);

if (role === "--client") {
  await runClient();
} else {
  process.exit(await runDriver());
}

async function runClient() {
  // A separate process, so that NODE_EXTRA_CA_CERTS (read at start-up) is the only trust it has.
  const { ManagedIdentityCredential } = await import("@azure/identity");
  const { BlobServiceClient } = await import("@azure/storage-blob");
  const url = process.env.AZURITE_BLOB_URL;
  const result = { ok: false };
  try {
    const credential = new ManagedIdentityCredential();
    const service = new BlobServiceClient(url, credential);
    const container = service.getContainerClient(`idex-${Date.now()}`);
    await container.create();
    const text = "written by a managed identity of the Identity Explorer emulator";
    await container.getBlockBlobClient("hello.txt").upload(text, Buffer.byteLength(text));
    const names = [];
    for await (const blob of container.listBlobsFlat()) names.push(blob.name);
    const stream = (await container.getBlobClient("hello.txt").download()).readableStreamBody;
    let body = "";
    for await (const chunk of stream) body += chunk;
    result.listed = names;
    result.readBack = body === text;

    // Azurite really checks: a token of the same identity for another audience is refused.
    const wrongAudience = {
      getToken: () => credential.getToken("https://vault.azure.net/.default"),
    };
    try {
      await new BlobServiceClient(url, wrongAudience).getContainerClient(container.containerName).getProperties();
      result.wrongAudience = "accepted";
    } catch (error) {
      result.wrongAudience = error.statusCode ?? String(error.message).slice(0, 200);
      result.wrongAudienceCode = error.code;
    }
    result.ok = names.length === 1 && names[0] === "hello.txt" && result.readBack && result.wrongAudience === 403; // Azurite: AuthenticationFailed
  } catch (error) {
    result.error = String(error?.message ?? error).slice(0, 2000);
  }
  console.log(JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function waitForLine(child, pattern, what) {
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 30 s: ${text.slice(-500)}`)), 30000);
    child.on("exit", (code) => reject(new Error(`${what} exited early with ${code}: ${text.slice(-500)}`)));
    child.stdout.on("data", (chunk) => {
      text += chunk;
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
  });
}

function parseEnv(text) {
  const blocks = {};
  let current = null;
  for (const line of text.split("\n")) {
    const header = line.match(/^# protocol: (\S+)$/);
    const assignment = line.match(/^export ([A-Z_0-9]+)='(.*)'$/);
    if (header) blocks[(current = header[1])] = {};
    else if (assignment && current) blocks[current][assignment[1]] = assignment[2].replace(/'\\''/g, "'");
  }
  return blocks;
}

async function runDriver() {
  const work = mkdtempSync(join(tmpdir(), "idex-azurite-"));
  const children = [];
  let failures = 0;
  try {
    // Azurite's own certificate (self-signed, for 127.0.0.1), as its documentation has people make one.
    const cert = join(work, "azurite-cert.pem");
    const key = join(work, "azurite-key.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
      "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout", key, "-out", cert], { stdio: "ignore" });

    const emulator = spawn(idex, ["emulator", "--port", "0", "--print-env", "--quiet", "--entra-issuers",
      "--work-dir", join(work, "emulator")], { stdio: ["ignore", "pipe", "inherit"] });
    children.push(emulator);
    const blocks = parseEnv(await waitForLine(emulator, /# ready\n/, "the emulator"));

    const port = await freePort();
    const azurite = spawn(process.execPath, [join(here, "node_modules/azurite/dist/src/blob/main.js"),
      "--blobHost", "127.0.0.1", "--blobPort", String(port), "--oauth", "basic", "--cert", cert, "--key", key,
      "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck"],
      { stdio: ["ignore", "pipe", "inherit"], cwd: work });
    children.push(azurite);
    await waitForLine(azurite, /successfully listens on/, "Azurite");

    // One bundle both servers' certificates chain to: the emulator's local CA and Azurite's own.
    const bundle = join(work, "trust.pem");
    writeFileSync(bundle, readFileSync(blocks.common.NODE_EXTRA_CA_CERTS, "utf8") + readFileSync(cert, "utf8"));
    for (const protocol of ["imds", "appservice"]) {
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_PROXY: "127.0.0.1,localhost",
        no_proxy: "127.0.0.1,localhost", ...blocks[protocol], NODE_EXTRA_CA_CERTS: bundle,
        AZURITE_BLOB_URL: `https://127.0.0.1:${port}/devstoreaccount1` };
      const out = await new Promise((resolve) => {
        const child = spawn(process.execPath, [fileURLToPath(import.meta.url), idex, "--client"],
          { env, stdio: ["ignore", "pipe", "inherit"] });
        let text = "";
        child.stdout.on("data", (chunk) => (text += chunk));
        const timer = setTimeout(() => child.kill("SIGKILL"), 60000);
        child.on("exit", (code) => {
          clearTimeout(timer);
          resolve({ code, text: text.trim() });
        });
      });
      const label = `Azurite (--oauth basic, https) + @azure/storage-blob, ManagedIdentityCredential over ${protocol}`;
      console.log(`${out.code === 0 ? "PASS" : "FAIL"}  ${label}\n      ${out.text}`);
      if (out.code !== 0) failures++;
    }
  } catch (error) {
    console.log(`FAIL  ${error.message}`);
    failures++;
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    rmSync(work, { recursive: true, force: true });
  }
  console.log(failures === 0 ? "All Azurite interop checks passed." : `${failures} Azurite interop check(s) failed.`);
  return failures === 0 ? 0 : 1;
}
