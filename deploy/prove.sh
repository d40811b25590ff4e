#!/usr/bin/env bash
# The deployment proof alone (README, Deploying): Debian PostgreSQL with a synchronous standby, two instances of the
# packaged service and Debian nginx on loopback ports; a primary failover, then an instance killed with SIGKILL, under
# WebSocket clients, agenda changes and check-ins. Prints the summary and fails on any loss. ./mvnw verify (CI) runs
# the same test with the others. Needs: apt-get install -y postgresql nginx. Sizes: -Dproof.clients=500 etc.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
status=0
CI=true ./mvnw -B verify -Dit.test=DeploymentProofIT -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false "$@" \
    > target/prove.log 2>&1 || status=$?
grep -E '^\[proof\]|Tests run:|FAIL|BUILD' target/prove.log || true
if [ "$status" -ne 0 ]; then
    echo "The proof failed (exit $status); the whole output is in target/prove.log." >&2
fi
exit "$status"
