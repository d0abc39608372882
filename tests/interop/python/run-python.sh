#!/bin/sh
# ctest entry for the Python SDK interop test: skips (77) only when no Python 3 with Debian's python3-azure
# (azure-identity) and python3-jwt is installed; installer/install-deps.sh installs both.
set -u
idex="$1"
here="$(cd "$(dirname "$0")" && pwd)"
for python in /usr/bin/python3 python3; do
    if command -v "$python" >/dev/null 2>&1 && "$python" -c 'import azure.identity, jwt' 2>/dev/null; then
        exec "$python" "$here/driver.py" "$idex"
    fi
done
echo "SKIP: no python3 with azure.identity and jwt (apt-get install python3-azure python3-jwt)"
exit 77
