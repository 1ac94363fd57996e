#!/usr/bin/env bash
# Real containers, end to end, with no container registry: makes a Debian 12 base image with a
# JRE 17 (debootstrap, Debian's openjdk-17-jre-headless), builds the four service images on it
# from deploy/images/Dockerfile with podman, checks their content, then runs the local stack
# with every service in its container (deploy/local/up.sh, PC_RUNTIME=container) and the
# end-to-end test of the stack against it (e2e-tests: FirstTokenThroughTheLocalStackTest).
#
#   deploy/images/container-e2e.sh                  # everything (about 3 minutes with a cached base)
#   deploy/images/container-e2e.sh --build-only     # base, images and the image checks, no stack
#   deploy/images/container-e2e.sh --refresh-base   # make the base again (security updates)
#
# Installs what is missing with apt-get (podman, debootstrap, runc where cgroups are hybrid; sudo
# when not root). The base's root filesystem is cached as a tarball in PC_CONTAINER_CACHE
# (default ~/.cache/portcullis/container-base); the images stay in podman's store. Needs the
# services' jars (mvn -B -ntp install -DskipTests); builds them when missing.
# Knobs: PC_CONTAINER_CACHE, PC_DEBIAN_MIRROR (http://deb.debian.org/debian),
# PC_DEBIAN_SECURITY_MIRROR (http://deb.debian.org/debian-security), PC_IMAGE_REGISTRY
# (localhost/portcullis), PC_CONTAINER_ARGS (see deploy/local/container.sh). Details: deploy/README.md.
set -euo pipefail
PC_SCRIPT=containers # lib.sh's messages are tagged with it
# shellcheck source=../local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../local/lib.sh"
# shellcheck source=../local/container.sh
source "$PC_LOCAL_DIR/container.sh"

usage() { sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

BUILD_ONLY=0
REFRESH_BASE=0
for arg in "$@"; do
  case "$arg" in
    --build-only) BUILD_ONLY=1 ;;
    --refresh-base) REFRESH_BASE=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

PC_CONTAINER_CACHE="${PC_CONTAINER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/portcullis/container-base}"
PC_DEBIAN_MIRROR="${PC_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PC_DEBIAN_SECURITY_MIRROR="${PC_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
SUITE=bookworm
BASE_PACKAGES=openjdk-17-jre-headless
ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
# The base's recipe: change any of it and the cached base is made again.
RECIPE="debootstrap --variant=minbase --include=$BASE_PACKAGES $SUITE $ARCH, upgraded from $SUITE-updates and $SUITE-security, no docs; v1"
RECIPE_ID="$(printf '%s' "$RECIPE" | sha256sum | cut -c1-12)"
BASE_TARBALL="$PC_CONTAINER_CACHE/debian-$SUITE-jre17-$ARCH-$RECIPE_ID.tar"
BASE_IMAGE="$PC_IMAGE_REGISTRY/debian-jre17:$SUITE"
LOG_DIR="$PC_ROOT/deploy/images/target"
mkdir -p "$LOG_DIR" "$PC_CONTAINER_CACHE"

# One run at a time per machine: the base's cache and the images' tags are shared by every
# checkout (several worktrees running ./test.sh at once wait for each other here).
exec 8>"$PC_CONTAINER_CACHE/.lock"
if ! flock -n 8; then
  say "another container-e2e.sh runs on this machine: waiting for it (up to 30 minutes)"
  flock -w 1800 8 || fail "lock" "$PC_CONTAINER_CACHE/.lock is still held by another container-e2e.sh"
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Steps and how long each took, printed at the end.
STEP_NAMES=()
STEP_SECONDS=()
STEP_START=0
step() { STEP_START=$SECONDS; say "== $*"; STEP_NAMES+=("$*"); }
step_done() { STEP_SECONDS+=("$((SECONDS - STEP_START))"); say "   done in $((SECONDS - STEP_START)) s"; }
report() {
  local i
  say "steps (seconds):"
  for i in "${!STEP_SECONDS[@]}"; do printf '    %4s  %s\n' "${STEP_SECONDS[$i]}" "${STEP_NAMES[$i]}"; done
  printf '    %4s  total\n' "$SECONDS"
}

# --- 1. Tools ----------------------------------------------------------------------------------
step "tools: podman, debootstrap (apt-get when missing)"
NEED=()
command -v podman >/dev/null || NEED+=(podman)
command -v debootstrap >/dev/null || NEED+=(debootstrap)
if cgroup_hybrid_with_v2_controllers && [ -z "${PC_CONTAINER_ARGS+set}" ] && ! command -v runc >/dev/null; then
  NEED+=(runc)
fi
if [ "${#NEED[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null || fail "tools" "install ${NEED[*]} (no apt-get here)"
  [ "$(id -u)" = 0 ] || command -v sudo >/dev/null || fail "tools" "install ${NEED[*]} as root: apt-get install -y ${NEED[*]}"
  say "   installing ${NEED[*]} (output in $LOG_DIR/apt.log)"
  { as_root apt-get update -q && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${NEED[@]}"; } \
    >"$LOG_DIR/apt.log" 2>&1 || fail "tools" "apt-get install ${NEED[*]} failed" "$LOG_DIR/apt.log"
fi
say "   $(podman --version), debootstrap $(dpkg-query -W -f '${Version}' debootstrap 2>/dev/null || echo '?')"
if cgroup_hybrid_with_v2_controllers; then
  say "   cgroups v1 with controllers on v2 (hybrid): containers run with runc, not crun"
fi
step_done

# --- 2. The services' jars -------------------------------------------------------------------
step "jars: each service's target/quarkus-app"
MISSING=()
for svc in "${PC_SERVICES[@]}"; do
  [ -f "$PC_ROOT/$svc/target/quarkus-app/quarkus-run.jar" ] || MISSING+=("$svc")
done
if [ "${#MISSING[@]}" -gt 0 ]; then
  say "   building ${MISSING[*]} (mvn install -DskipTests; output in $LOG_DIR/build.log)"
  (cd "$PC_ROOT" && mvn -B -ntp install -DskipTests) </dev/null >"$LOG_DIR/build.log" 2>&1 8>&- \
    || fail "jars" "mvn install -DskipTests failed" "$LOG_DIR/build.log"
fi
step_done

# --- 3. The base image: debootstrap, cached ------------------------------------------------------
# Its root filesystem is a tarball in the cache; podman imports it when the image is missing or
# was made from another recipe.
make_base_tarball() {
  local root="$PC_CONTAINER_CACHE/rootfs.tmp"
  as_root rm -rf "$root"
  mkdir -p "$PC_CONTAINER_CACHE"
  say "   debootstrap $SUITE + $BASE_PACKAGES from $PC_DEBIAN_MIRROR (output in $LOG_DIR/debootstrap.log)"
  as_root debootstrap --variant=minbase --arch="$ARCH" --include="$BASE_PACKAGES" "$SUITE" "$root" "$PC_DEBIAN_MIRROR" \
    >"$LOG_DIR/debootstrap.log" 2>&1 \
    || fail "base" "debootstrap failed (is $PC_DEBIAN_MIRROR reachable? set PC_DEBIAN_MIRROR)" "$LOG_DIR/debootstrap.log"
  say "   security and point-release updates"
  as_root tee "$root/etc/apt/sources.list" >/dev/null <<EOF
deb $PC_DEBIAN_MIRROR $SUITE main
deb $PC_DEBIAN_MIRROR $SUITE-updates main
deb $PC_DEBIAN_SECURITY_MIRROR $SUITE-security main
EOF
  as_root mount -t proc proc "$root/proc"
  if ! as_root chroot "$root" /bin/sh -c \
      'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get -y -q upgrade && apt-get clean' \
      >>"$LOG_DIR/debootstrap.log" 2>&1; then
    as_root umount "$root/proc"
    fail "base" "apt-get upgrade in the new root failed" "$LOG_DIR/debootstrap.log"
  fi
  as_root umount "$root/proc"
  # What a runtime never reads: package lists and archives, documentation, translations, logs.
  as_root sh -c "cd '$root' && rm -rf var/lib/apt/lists/* var/cache/apt/* var/log/* usr/share/doc usr/share/man usr/share/info usr/share/locale"
  as_root tar --numeric-owner -C "$root" -cf "$BASE_TARBALL.new" .
  as_root mv "$BASE_TARBALL.new" "$BASE_TARBALL"
  as_root rm -rf "$root"
}

step "base image $BASE_IMAGE (recipe $RECIPE_ID, cache $PC_CONTAINER_CACHE)"
if [ "$REFRESH_BASE" = 1 ]; then rm -f "$BASE_TARBALL"; fi
if [ -f "$BASE_TARBALL" ]; then
  say "   cached root filesystem: $BASE_TARBALL"
else
  rm -f "$PC_CONTAINER_CACHE"/debian-"$SUITE"-jre17-*.tar
  make_base_tarball
fi
image_recipe="$(podman image inspect --format '{{index .Labels "dev.portcullis.base.recipe"}}' "$BASE_IMAGE" 2>/dev/null || true)"
if [ "$REFRESH_BASE" = 1 ] || [ "$image_recipe" != "$RECIPE_ID" ]; then
  say "   podman import $BASE_TARBALL"
  podman import \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV LANG=C.UTF-8" \
    --change "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$ARCH" \
    --change "LABEL dev.portcullis.base.recipe=$RECIPE_ID" \
    --change "LABEL org.opencontainers.image.description=\"Debian $SUITE (debootstrap minbase) with openjdk-17-jre-headless\"" \
    --change 'CMD ["java", "-version"]' \
    "$BASE_TARBALL" "$BASE_IMAGE" >"$LOG_DIR/import.log" 2>&1 || fail "base" "podman import failed" "$LOG_DIR/import.log"
else
  say "   already in podman's store"
fi
mapfile -t ENGINE_ARGS < <(container_engine_args)
podman run --rm --network none "${ENGINE_ARGS[@]}" "$BASE_IMAGE" >"$LOG_DIR/base-run.log" 2>&1 \
  || fail "base" "a container of $BASE_IMAGE does not start (podman run $BASE_IMAGE java -version)" "$LOG_DIR/base-run.log"
say "   $(grep -m1 'version' "$LOG_DIR/base-run.log")"
step_done

# --- 4. The four service images ------------------------------------------------------------------
step "service images from deploy/images/Dockerfile on $BASE_IMAGE"
PC_IMAGE_BUILD_ARGS="--build-arg BASE_IMAGE=$BASE_IMAGE --pull=never" \
  bash "$PC_ROOT/deploy/images/build.sh" --engine podman --registry "$PC_IMAGE_REGISTRY" --tag "$PC_IMAGE_TAG" \
  >"$LOG_DIR/build-images.log" 2>&1 || fail "images" "deploy/images/build.sh failed" "$LOG_DIR/build-images.log"
for svc in "${PC_SERVICES[@]}"; do
  say "   $(container_image "$svc"): $(podman image inspect --format '{{.Size}}' "$(container_image "$svc")" | awk '{ printf "%d MB", $1 / 1e6 }')"
done
step_done

# --- 5. What is in each image --------------------------------------------------------------------
# As the pods run it: user 10001, read-only root, no capabilities. The service itself starts in
# step 6; here the image's entrypoint java, its user and its files are checked.
step "image content: user, entrypoint, layout, the JRE as user 10001 on a read-only root"
for svc in "${PC_SERVICES[@]}"; do
  image="$(container_image "$svc")"
  config="$(podman image inspect --format '{{.Config.User}} {{json .Config.Entrypoint}} {{.Config.WorkingDir}}' "$image")"
  [ "$config" = '10001:10001 ["java","-jar","/deployments/quarkus-run.jar"] /deployments' ] \
    || fail "images" "$image: user, entrypoint and workdir are '$config'"
  out="$(podman run --rm --network none "${ENGINE_ARGS[@]}" --read-only --cap-drop ALL --security-opt no-new-privileges \
      --entrypoint /bin/sh "$image" -c 'id -u; test -r /deployments/quarkus-run.jar && test ! -w /deployments/quarkus-run.jar && echo read-only-app; ls /deployments/lib/main | wc -l; java -version 2>&1 | grep -m1 version' 2>&1)" \
    || fail "images" "$image does not run: $out"
  read -r uid app libs version <<<"$(printf '%s' "$out" | tr '\n' ' ')"
  if [ "$uid" != 10001 ] || [ "$app" != read-only-app ]; then
    fail "images" "$image: expected uid 10001 and a read-only app, got: $out"
  fi
  say "   $svc: uid $uid, $libs jars in lib/main, $version"
done
step_done

if [ "$BUILD_ONLY" = 1 ]; then
  report
  say "images built and checked (--build-only: no stack run)"
  exit 0
fi

# --- 6. The stack in containers, and the end-to-end test against it ------------------------------
step "e2e-tests (FirstTokenThroughTheLocalStackTest) against the four containers (PC_RUNTIME=container)"
say "   output in $LOG_DIR/e2e.log; the stack's logs in e2e-tests/target/stack/logs"
set +e
(cd "$PC_ROOT" && PC_RUNTIME=container mvn -B -ntp -pl e2e-tests -am verify \
  -Dtest=FirstTokenThroughTheLocalStackTest -Dsurefire.failIfNoSpecifiedTests=false) </dev/null 2>&1 8>&- \
  | tee "$LOG_DIR/e2e.log" | grep --line-buffered -E '^\[e2e\]|Tests run:|BUILD (SUCCESS|FAILURE)|FAILED' \
  | sed -u 's/^/    /'
status="${PIPESTATUS[0]}"
set -e
[ "$status" = 0 ] || fail "e2e" "the end-to-end test failed against the containers (read $LOG_DIR/e2e.log)" "$LOG_DIR/e2e.log"
grep -q 'Tests run: [1-9]' "$LOG_DIR/e2e.log" || fail "e2e" "no test ran (read $LOG_DIR/e2e.log)" "$LOG_DIR/e2e.log"
step_done
report
say "the four service containers passed the end-to-end test"
