#!/usr/bin/env bash
# Local micro-measurement of unary gRPC introspection (see UnaryIntrospectionMeasurement).
# Usage: revocation-service/measure-unary-introspection.sh [-Dapp=/path/to/quarkus-app] [-Dcalls=50000] [-Drounds=3]
# Needs client-registry-service, token-service and this module packaged
# (`mvn -o -pl revocation-service package -DskipTests` compiles the measurement too).
# The classpath is the packaged application's libraries plus test-support, because the
# dependency and exec plugins are not available offline here.
set -euo pipefail
cd "$(dirname "$0")"
SUPPORT="$(ls "$HOME"/.m2/repository/dev/portcullis/test-support/0.1.0-SNAPSHOT/test-support-0.1.0-SNAPSHOT.jar)"
exec java -cp "target/test-classes:target/quarkus-app/lib/main/*:$SUPPORT" "$@" \
  dev.portcullis.revocation.measure.UnaryIntrospectionMeasurement
