"""Python azure-identity against `idex emulator` (issue #15), every protocol its ManagedIdentityCredential supports.

Starts `idex emulator --port 0 --print-env --quiet`, reads the per-protocol environment it prints, runs client.py in
a fresh process with only that protocol's variables (and the CA bundle variables for https) for each case, then
stops the emulator with SIGTERM. Usage: driver.py <path to idex>
"""
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
import json

HERE = os.path.dirname(os.path.abspath(__file__))


def start_emulator(idex, work_dir):
    child = subprocess.Popen(
        [idex, "emulator", "--port", "0", "--print-env", "--quiet", "--work-dir", work_dir],
        stdout=subprocess.PIPE,
        text=True,
    )
    blocks, current = {}, None
    for line in child.stdout:
        line = line.rstrip("\n")
        if line == "# ready":
            return child, blocks
        header = re.match(r"^# protocol: (\S+)$", line)
        assignment = re.match(r"^export ([A-Z_0-9]+)='(.*)'$", line)
        if header:
            current = header.group(1)
            blocks[current] = {}
        elif assignment and current:
            blocks[current][assignment.group(1)] = assignment.group(2).replace("'\\''", "'")
    raise SystemExit("the emulator exited before printing '# ready' (code %s)" % child.wait())


def clean_env(extra):
    # Only what a process needs: no real managed identity variable (or proxy) of the machine leaks in.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"),
           "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    env.update(extra)
    return env


def main():
    idex = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="idex-py-interop-") as work:
        emulator, blocks = start_emulator(idex, work)
        try:
            failures = run_cases(blocks)
        finally:
            emulator.terminate()
            try:
                code = emulator.wait(10)
            except subprocess.TimeoutExpired:
                emulator.kill()
                code = "killed after 10 s"
        ok = code == 0
        print("%s  idex emulator stops on SIGTERM with exit code 0 (got %s)" % ("PASS" if ok else "FAIL", code))
        failures += 0 if ok else 1
    print("All Python interop checks passed." if failures == 0 else "%d Python interop check(s) failed." % failures)
    return 0 if failures == 0 else 1


def run_cases(blocks):
    common = blocks["common"]
    base = common["IDEX_EMULATOR_URL"]
    admin = urllib.request.Request(base + "/admin/scenario",
                                   headers={"Authorization": "Bearer " + common["IDEX_EMULATOR_ADMIN_TOKEN"]})
    with urllib.request.urlopen(admin, timeout=10) as response:
        scenario = json.load(response)
    walkthrough = scenario["walkthrough"]
    by_name = {identity["name"]: identity for identity in scenario["identities"]}
    resource = walkthrough["resource"]
    function_url = base + walkthrough["functionPath"]
    https_function_url = common["IDEX_EMULATOR_HTTPS_URL"] + walkthrough["functionPath"]
    trust = {name: common[name] for name in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE") if name in common}
    reader = by_name["idex-reader"]["clientId"]
    noaccess = by_name["idex-noaccess"]["clientId"]

    cases = [
        ("IMDS via AZURE_POD_IDENTITY_AUTHORITY_HOST, system-assigned", "imds", "managed", "200", None, {}),
        ("IMDS, user-assigned idex-noaccess by client_id (no DoAll: 403)", "imds", "managed", "403", noaccess, {}),
        ("App Service 2019, system-assigned", "appservice", "managed", "200", None, {}),
        ("App Service 2019, user-assigned idex-reader (403)", "appservice", "managed", "403", reader, {}),
        ("Azure Arc (challenge key file), system-assigned", "arc", "managed", "200", None, {}),
        ("Azure ML (MSI_ENDPOINT + MSI_SECRET), system-assigned", "azureml", "managed", "200", None, {}),
        ("Azure ML, user-assigned idex-noaccess (403)", "azureml", "managed", "403", noaccess, {}),
        ("Cloud Shell (MSI_ENDPOINT only)", "cloudshell", "managed", "200", None, {}),
        ("Service Fabric over TLS with IDENTITY_SERVER_THUMBPRINT", "servicefabric", "managed", "200", None, {}),
        ("Workload identity (token exchange) against the https authority", "workloadidentity", "managed", "403", None,
         trust),
        ("DefaultAzureCredential picks App Service from the printed environment", "appservice", "default", "200", None,
         {}),
        ("DefaultAzureCredential, IMDS, the protected function over https", "imds", "default", "200", None, trust),
    ]
    failures = 0
    for label, protocol, kind, expected, client_id, extra in cases:
        url = https_function_url if "over https" in label else function_url
        env = clean_env({**blocks[protocol], **extra})
        args = [sys.executable, os.path.join(HERE, "client.py"), label, kind, resource, url, expected]
        if client_id:
            args.append(client_id)
        try:
            run = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
            code, out = run.returncode, (run.stdout.strip() or run.stderr.strip()[-2000:])
        except subprocess.TimeoutExpired:
            code, out = "timeout", "no answer within 60 s"
        print("%s  %s\n      %s" % ("PASS" if code == 0 else "FAIL", label, out))
        failures += 0 if code == 0 else 1
    return failures


if __name__ == "__main__":
    sys.exit(main())
