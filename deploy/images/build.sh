#!/usr/bin/env bash
# Builds the container image of each service from deploy/images/Dockerfile, with docker, podman
# or buildah. Run `mvn -B -ntp package -DskipTests` first: the images hold each module's target/quarkus-app.
#
#   deploy/images/build.sh                                  # all four, tagged portcullis/<service>:<version>
#   deploy/images/build.sh --registry registry.example.com/portcullis --tag 0.1.0 token-service
#   deploy/images/build.sh --engine podman                  # docker (when its daemon answers), else podman, else buildah
#   deploy/images/build.sh --dry-run                        # print the build commands only
#
# Each service's port (the image's EXPOSE) is read from its application.properties, so the image
# and the service never disagree. Extra build arguments: PC_IMAGE_BUILD_ARGS
# (e.g. "--build-arg BASE_IMAGE=eclipse-temurin:17-jre@sha256:...").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SERVICES_ALL=(authorize-service token-service revocation-service client-registry-service)

fail() { printf '[images] %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

REGISTRY=portcullis
# The project version without -SNAPSHOT, as the base manifests' image tags.
TAG="$(sed -n '/<artifactId>portcullis-parent<\/artifactId>/,/<\/version>/s:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
TAG="${TAG%-SNAPSHOT}"
DRY_RUN=0
ENGINE="${PC_IMAGE_ENGINE:-}"
SERVICES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --registry) [ $# -ge 2 ] || fail "--registry needs a value"; REGISTRY="${2%/}"; shift 2 ;;
    --tag) [ $# -ge 2 ] || fail "--tag needs a value"; TAG="$2"; shift 2 ;;
    --engine) [ $# -ge 2 ] || fail "--engine needs a value"; ENGINE="$2"; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; exit 2 ;;
    *) SERVICES+=("$1"); shift ;;
  esac
done
[ ${#SERVICES[@]} -gt 0 ] || SERVICES=("${SERVICES_ALL[@]}")
[ -n "$TAG" ] || fail "cannot read the project version from pom.xml: pass --tag"

# A docker client without a daemon (or without access to it) cannot build: then podman or buildah.
if [ -z "$ENGINE" ]; then
  if [ "$DRY_RUN" = 1 ]; then ENGINE=docker
  elif command -v docker >/dev/null && docker info >/dev/null 2>&1; then ENGINE=docker
  elif command -v podman >/dev/null; then ENGINE=podman
  elif command -v buildah >/dev/null; then ENGINE=buildah
  elif command -v docker >/dev/null; then fail "docker's daemon does not answer (docker info), and neither podman nor buildah is installed: start the daemon or apt-get install -y podman."
  else fail "No docker, podman or buildah: install one of them (apt-get install -y podman), or use --dry-run to see the commands."; fi
fi
case "$ENGINE" in
  docker|podman|buildah) ;;
  *) fail "--engine must be docker, podman or buildah, not '$ENGINE'" ;;
esac
[ "$DRY_RUN" = 1 ] || command -v "$ENGINE" >/dev/null || fail "$ENGINE is not installed"

for svc in "${SERVICES[@]}"; do
  props="$ROOT/$svc/src/main/resources/application.properties"
  [ -f "$props" ] || fail "unknown service '$svc' (one of: ${SERVICES_ALL[*]})"
  port="$(sed -n 's/^quarkus\.http\.port=\([0-9]*\)$/\1/p' "$props" | head -1)"
  [ -n "$port" ] || fail "$props has no quarkus.http.port=<number>"
  if [ "$DRY_RUN" = 0 ] && [ ! -f "$ROOT/$svc/target/quarkus-app/quarkus-run.jar" ]; then
    fail "$svc/target/quarkus-app is missing: run 'mvn -B -ntp package -DskipTests' first."
  fi
  # shellcheck disable=SC2206 # PC_IMAGE_BUILD_ARGS is a list of arguments
  extra=(${PC_IMAGE_BUILD_ARGS:-})
  cmd=("$ENGINE" build -f "$ROOT/deploy/images/Dockerfile" --build-arg "SERVICE=$svc" --build-arg "PORT=$port"
       "${extra[@]}" -t "$REGISTRY/$svc:$TAG" "$ROOT/$svc")
  if [ "$DRY_RUN" = 1 ]; then
    echo "${cmd[*]}"
  else
    printf '[images] building %s:%s (port %s)\n' "$REGISTRY/$svc" "$TAG" "$port"
    "${cmd[@]}"
  fi
done
