#!/bin/sh
# ctest entry for the Azurite interop test: skips (77) only when Node.js or the openssl command is absent; a missing
# npm install is a failure with the fix in the message.
set -u
idex="$1"
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v node >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1; then
    echo "SKIP: node or openssl is not installed (the Azurite interop test needs both)"
    exit 77
fi
if [ ! -d "$here/node_modules/azurite" ] || [ ! -d "$here/node_modules/@azure/storage-blob" ]; then
    echo "FAIL: the pinned npm packages are missing; run: (cd tests/interop && npm ci)"
    exit 1
fi
exec node "$here/azurite.mjs" "$idex"
