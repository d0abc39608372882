"""One azure-identity (Python) client run, configured by environment variables only.

ManagedIdentityCredential (or DefaultAzureCredential) gets a token, PyJWT verifies it through OpenID discovery from
the token's own `iss` (its own HTTP client and JOSE code, not the emulator's, not the app's), then the token is sent
to the scenario's protected function. Prints one JSON line; exit 0 when every step behaved as expected.
Usage: client.py <label> <credential: managed|default> <resource> <function_url> <expected_status> [client_id]
"""
import json
import sys
import time
import urllib.request

import jwt
from azure.identity import DefaultAzureCredential, ManagedIdentityCredential


def fetch_json(url):
    # urllib honours SSL_CERT_FILE through OpenSSL's defaults; the emulator's URLs are loopback only.
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def main():
    label, kind, resource, function_url, expected = sys.argv[1:6]
    client_id = sys.argv[6] if len(sys.argv) > 6 else None
    result = {"label": label, "ok": False}
    try:
        kwargs = {"client_id": client_id} if client_id else {}
        if kind == "default":
            # Only the managed identity leg may answer: every developer-tool leg is switched off by name.
            credential = DefaultAzureCredential(
                exclude_cli_credential=True,
                exclude_powershell_credential=True,
                exclude_visual_studio_code_credential=True,
                exclude_shared_token_cache_credential=True,
                exclude_interactive_browser_credential=True,
                exclude_environment_credential=True,
                **({"managed_identity_client_id": client_id} if client_id else {}),
            )
        else:
            credential = ManagedIdentityCredential(**kwargs)
        token = credential.get_token(resource + "/.default")
        claims = jwt.decode(token.token, options={"verify_signature": False})
        result["appid"] = claims.get("appid") or claims.get("azp")
        result["expires_on"] = token.expires_on

        config = fetch_json(claims["iss"].rstrip("/") + "/.well-known/openid-configuration")
        signing_key = jwt.PyJWKClient(config["jwks_uri"]).get_signing_key_from_jwt(token.token)
        payload = jwt.decode(
            token.token, signing_key.key, algorithms=["RS256"], audience=resource, issuer=config["issuer"]
        )
        result["verified"] = True
        result["roles"] = payload.get("roles", [])

        request = urllib.request.Request(function_url, headers={"Authorization": "Bearer " + token.token})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        result["function_status"] = status
        result["ok"] = str(status) == expected and token.expires_on > time.time()
    except Exception as error:  # the message is the test's evidence
        result["error"] = (type(error).__name__ + ": " + str(error))[:2000]
    print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
