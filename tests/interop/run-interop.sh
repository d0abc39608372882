#!/bin/sh
# ctest entry for the SDK interop test: skips (77) only when Node.js is absent; a missing npm install is a failure
# with the fix in the message, not a silent skip.
set -u
idex="$1"
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v node >/dev/null 2>&1; then
    echo "SKIP: node is not installed (the SDK interop test needs Node.js >= 18)"
    exit 77
fi
if [ ! -d "$here/node_modules/@azure/identity" ] || [ ! -d "$here/node_modules/jose" ] \
    || [ ! -d "$here/node_modules/@microsoft/microsoft-graph-client" ]; then
    echo "FAIL: the pinned npm packages are missing; run: (cd tests/interop && npm ci)"
    exit 1
fi
exec node "$here/driver.mjs" "$idex"
