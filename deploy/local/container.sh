# shellcheck shell=bash
# Sourced by up.sh (after lib.sh) when PC_RUNTIME=container: each service replica runs from its
# container image (deploy/images/Dockerfile, built by deploy/images/build.sh) with podman, as the
# Deployments run it, instead of `java -jar`. Everything else of the local runner stays: the
# same environment per replica, nginx on the host, PostgreSQL and Redis on the host.
#
# - Host network (--network host): the services reach the host's PostgreSQL and Redis on
#   127.0.0.1, and nginx and the readiness polls reach the services on 127.0.0.1:<port>, exactly
#   as without containers (QUARKUS_HTTP_HOST=127.0.0.1, so admin APIs stay on loopback).
# - As the pods (deploy/k8s/base/<service>/deployment.yaml): the image's user 10001, read-only
#   root filesystem with a 64 MiB /tmp, no capabilities, no privilege escalation, the default
#   seccomp profile, and the Deployment's CPU and memory limits, from which the image's
#   JDK_JAVA_OPTIONS size the heap (MaxRAMPercentage=70; PC_JAVA_OPTS does not apply; the
#   caller's JAVA_TOOL_OPTIONS, e.g. ./test.sh's C1-only JIT, is passed on).
# - The pid file holds the JVM's host pid (java is the container's PID 1), whose command line
#   ends with the instance marker (passed as the image's argument): down.sh's SIGTERM reaches
#   java itself, the container ends with it and `podman run --rm` removes it.
# - The output of `podman run` (the service's JSON log) goes to the replica's log file.
#
# Knobs: PC_IMAGE_REGISTRY (localhost/portcullis), PC_IMAGE_TAG (the project version),
# PC_CONTAINER_ARGS (extra `podman run` arguments; replaces the defaults of container_engine_args).

PC_IMAGE_REGISTRY="${PC_IMAGE_REGISTRY:-localhost/portcullis}"
PC_IMAGE_REGISTRY="${PC_IMAGE_REGISTRY%/}"
if [ -z "${PC_IMAGE_TAG:-}" ]; then
  PC_IMAGE_TAG="$(sed -n '/<artifactId>portcullis-parent<\/artifactId>/,/<\/version>/s:.*<version>\(.*\)</version>.*:\1:p' \
    "$PC_ROOT/pom.xml" | head -1)"
  PC_IMAGE_TAG="${PC_IMAGE_TAG%-SNAPSHOT}"
fi

container_image() { echo "$PC_IMAGE_REGISTRY/$1:$PC_IMAGE_TAG"; }

# One name per replica and run directory, so two stacks never meet (and a leftover is ours).
container_name() { echo "pc-$1-$2-$(printf '%s' "$PC_RUN_DIR" | cksum | cut -d ' ' -f 1)"; }

# The arguments this host needs for any container (printed one per line):
# - RLIMIT_NOFILE and RLIMIT_NPROC: rootful podman raises both to 1048576 / 4194304 in the
#   container, which needs CAP_SYS_RESOURCE when the host's hard limit is lower (sandboxes and
#   some CI runners drop that capability: "setrlimit `RLIMIT_NOFILE`: Operation not permitted").
#   The container gets the host's hard open-file limit and 4096 processes (threads) per user.
# - cgroups v1 with a controller left on the v2 hierarchy ("hybrid"): crun, podman's default
#   runtime on Debian 12, refuses to start anything there ("cgroups in hybrid mode not
#   supported"); runc runs containers, CPU and memory limits included, on such hosts.
container_engine_args() {
  if [ -n "${PC_CONTAINER_ARGS+set}" ]; then
    # shellcheck disable=SC2086 # a list of arguments
    printf '%s\n' ${PC_CONTAINER_ARGS}
    return 0
  fi
  local nofile
  nofile="$(ulimit -Hn)"
  if is_uint "$nofile"; then printf '%s\n' --ulimit "nofile=$nofile:$nofile"; fi
  printf '%s\n' --ulimit nproc=4096:4096
  if cgroup_hybrid_with_v2_controllers; then printf '%s\n' --runtime runc; fi
}

cgroup_hybrid_with_v2_controllers() {
  [ -n "$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null)" ]
}

# The CPU and memory limits of the service's base Deployment, as podman arguments.
container_limits() {
  local manifest="$PC_ROOT/deploy/k8s/base/$1/deployment.yaml" cpu memory
  read -r cpu memory < <(awk '
    /^[[:space:]]*limits:/ { in_limits = 1; next }
    in_limits && /^[[:space:]]*cpu:/ { gsub(/["[:space:]]/, "", $2); cpu = $2 }
    in_limits && /^[[:space:]]*memory:/ { gsub(/["[:space:]]/, "", $2); memory = $2 }
    in_limits && cpu != "" && memory != "" { print cpu, memory; exit }' "$manifest")
  if [ -z "${cpu:-}" ] || [ -z "${memory:-}" ]; then fail "$1" "no resources.limits (cpu, memory) in $manifest"; fi
  case "$cpu" in *m) cpu="$(awk -v m="${cpu%m}" 'BEGIN { printf "%.3f", m / 1000 }')" ;; esac
  case "$memory" in
    *Mi) memory="${memory%Mi}m" ;;
    *Gi) memory="${memory%Gi}g" ;;
    *) fail "$1" "memory limit '$memory' in $manifest is not in Mi or Gi" ;;
  esac
  printf '%s\n' --cpus "$cpu" --memory "$memory"
}

# Fails, saying what to do, unless podman and every service's image are there.
container_check() {
  command -v podman >/dev/null \
    || fail "containers" "PC_RUNTIME=container needs podman: apt-get install -y podman (deploy/images/container-e2e.sh installs it)"
  if cgroup_hybrid_with_v2_controllers && [ -z "${PC_CONTAINER_ARGS+set}" ] && ! command -v runc >/dev/null; then
    fail "containers" "this host mixes cgroups v1 and v2, where podman's default runtime crun cannot start containers: apt-get install -y runc"
  fi
  local svc missing=()
  for svc in "${PC_SERVICES[@]}"; do
    podman image exists "$(container_image "$svc")" || missing+=("$(container_image "$svc")")
  done
  [ "${#missing[@]}" = 0 ] \
    || fail "containers" "no image ${missing[*]}: build them with deploy/images/container-e2e.sh --build-only (or set PC_IMAGE_REGISTRY / PC_IMAGE_TAG)"
  # An image older than its service's jar runs yesterday's code: say so (the build is not redone here).
  local created jar
  for svc in "${PC_SERVICES[@]}"; do
    created="$(podman image inspect --format '{{.Created.Unix}}' "$(container_image "$svc")" 2>/dev/null || echo 0)"
    jar="$PC_ROOT/$svc/target/quarkus-app/quarkus-run.jar"
    if [ -f "$jar" ] && is_uint "$created" && [ "$(stat -c %Y "$jar")" -gt "$created" ]; then
      warn "$(container_image "$svc") is older than $jar: rebuild the images (deploy/images/container-e2e.sh --build-only)"
    fi
  done
}

# start_container <service> <replica> <pid file> <log> <NAME=value>...: starts the replica's
# container in the background and writes the JVM's host pid to the pid file once it runs.
start_container() {
  local svc="$1" k="$2" pidf="$3" log="$4"
  shift 4
  local name assignment pid="" runner
  name="$(container_name "$svc" "$k")"
  # A container of that name is a leftover of this run directory whose JVM is gone.
  podman rm -f -i "$name" >/dev/null 2>&1 || true
  local -a run_args=() engine_args=() limits=()
  mapfile -t engine_args < <(container_engine_args)
  mapfile -t limits < <(container_limits "$svc")
  # The values (secrets among them) are exported in a subshell; podman reads them by name, so
  # no value is on a command line that ps would show.
  for assignment in "$@"; do run_args+=(--env "${assignment%%=*}"); done
  # The caller's JIT choice (./test.sh: C1 only) reaches the JVM as it does without containers.
  if [ -n "${JAVA_TOOL_OPTIONS:-}" ]; then run_args+=(--env JAVA_TOOL_OPTIONS); fi
  (
    for assignment in "$@"; do export "${assignment?}"; done
    exec setsid podman run --rm --name "$name" --network host "${engine_args[@]}" "${limits[@]}" \
      --read-only --tmpfs /tmp:rw,mode=1777,size=64m --cap-drop ALL --security-opt no-new-privileges \
      "${run_args[@]}" "$(container_image "$svc")" "$(instance_marker "$svc" "$k")"
  ) </dev/null >>"$log" 2>&1 9>&- &
  runner=$!
  for _ in $(seq 1 300); do
    pid="$(podman inspect --format '{{.State.Pid}}' "$name" 2>/dev/null || true)"
    is_uint "$pid" && [ "$pid" -gt 0 ] && break
    pid=""
    kill -0 "$runner" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$pid" ] || fail "$svc-$k" "the container $name did not start (podman run's output is in the log)" "$log"
  echo "$pid" >"$pidf"
}
