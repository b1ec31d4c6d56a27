#!/usr/bin/env bash
# Regenerates docs/compat.md: builds, then runs the compatibility-corpus test (tests/IPoIBDhcp.InteropTests/Compat)
# with COMPAT_TABLE pointing at docs/compat.md, which the test writes at the end of its run whatever the outcome.
# Needs root, a Docker engine and the peer image (tests/peers/build-images.sh). Exits with the test's status.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
dotnet build -c Release IPoIBDhcp.sln 2>&1 | tail -n 3
COMPAT_TABLE="$root/docs/compat.md" DOCKER_API_VERSION=1.41 TESTCONTAINERS_RYUK_DISABLED=true \
  dotnet test tests/IPoIBDhcp.InteropTests -c Release --no-build --filter "FullyQualifiedName~Compat"
status=$?
echo "compat-table: docs/compat.md written (test exit status $status)"
exit "$status"
