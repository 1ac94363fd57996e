#!/usr/bin/env bash
# The test command: makes sure PostgreSQL and Redis run and nginx, kubectl and openssl are
# installed (installing or starting what is missing), then runs every module's tests with
# `mvn verify`. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"
command -v mvn >/dev/null || { echo "Maven is required: apt-get install maven" >&2; exit 1; }
command -v java >/dev/null || { echo "A JDK 17+ is required: apt-get install openjdk-17-jdk-headless" >&2; exit 1; }
deploy/local/infra.sh --gateway --test-tools
# C1-only JIT (no C2) roughly halves build and test time on small machines (never used by bench/);
# with C1 alone the default code cache fills up during a full build ("CodeCache is full"), so it is larger.
export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:--XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m}"
echo "[test] mvn verify (all modules)"
exec mvn -B -ntp verify "$@"
