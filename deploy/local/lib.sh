# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts that source this
# Shared by up.sh and down.sh (sourced, not run): the env knobs, the service table, ports,
# pid files and the small helpers both scripts need. See README.md beside this file.

PC_LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PC_ROOT="$(cd "$PC_LOCAL_DIR/../.." && pwd)"

PC_GATEWAY_PORT="${PC_GATEWAY_PORT:-8080}"
PC_PORT_OFFSET="${PC_PORT_OFFSET:-0}"
PC_RUN_DIR="${PC_RUN_DIR:-$PC_LOCAL_DIR/.run}"
PC_DB_NAME="${PC_DB_NAME:-portcullis}"
PC_STOP_TIMEOUT="${PC_STOP_TIMEOUT:-30}"
PC_REDIS_TOPOLOGY="${PC_REDIS_TOPOLOGY:-standalone}"

# Start order: the gRPC servers others call first (client-registry, then authorize and token).
PC_SERVICES=(client-registry-service authorize-service token-service revocation-service)

pc_tag() { printf '\033[1m[%s]\033[0m' "$PC_SCRIPT"; }
say() { printf '%s %s\n' "$(pc_tag)" "$*"; }
warn() { printf '\033[33m[%s] %s\033[0m\n' "$PC_SCRIPT" "$*" >&2; }

# fail <part> <message> [log]: names what failed and the log to read, then exits non-zero.
fail() {
  local part="$1" message="$2" log="${3:-}"
  printf '\033[31m[%s] FAILED: %s: %s\033[0m\n' "$PC_SCRIPT" "$part" "$message" >&2
  if [ -n "$log" ]; then
    printf '[%s] read %s; its last lines:\n' "$PC_SCRIPT" "$log" >&2
    tail -n 25 "$log" 2>/dev/null | sed 's/^/    /' >&2 || true
  fi
  exit 1
}

is_uint() { case "$1" in ''|*[!0-9]*) return 1 ;; *) return 0 ;; esac; }

pc_check_knobs() {
  is_uint "$PC_GATEWAY_PORT" && [ "$PC_GATEWAY_PORT" -ge 1 ] && [ "$PC_GATEWAY_PORT" -le 65535 ] \
    || fail "settings" "PC_GATEWAY_PORT must be a port number, not '$PC_GATEWAY_PORT'"
  is_uint "$PC_PORT_OFFSET" || fail "settings" "PC_PORT_OFFSET must be a non-negative number, not '$PC_PORT_OFFSET'"
  is_uint "$PC_STOP_TIMEOUT" || fail "settings" "PC_STOP_TIMEOUT must be seconds, not '$PC_STOP_TIMEOUT'"
  [[ "$PC_DB_NAME" =~ ^[a-z_][a-z0-9_]*$ ]] || fail "settings" "PC_DB_NAME must be a plain lower-case name, not '$PC_DB_NAME'"
  case "$PC_REDIS_TOPOLOGY" in standalone|cluster|sentinel) ;;
    *) fail "settings" "PC_REDIS_TOPOLOGY must be standalone, cluster or sentinel, not '$PC_REDIS_TOPOLOGY'" ;;
  esac
  mkdir -p "$PC_RUN_DIR" || fail "settings" "cannot create PC_RUN_DIR $PC_RUN_DIR"
  PC_RUN_DIR="$(cd "$PC_RUN_DIR" && pwd)"
  PC_PID_DIR="$PC_RUN_DIR/pids"
  PC_LOG_DIR="$PC_RUN_DIR/logs"
  PC_NGINX_DIR="$PC_RUN_DIR/nginx"
  PC_NGINX_PID="$PC_PID_DIR/nginx.pid"
  mkdir -p "$PC_PID_DIR" "$PC_LOG_DIR"
  # One up.sh or down.sh at a time per run directory.
  if command -v flock >/dev/null; then
    exec 9>"$PC_RUN_DIR/.lock"
    if ! flock -n 9; then
      say "another up.sh or down.sh is working on $PC_RUN_DIR: waiting for it"
      flock -w 900 9 || fail "settings" "$PC_RUN_DIR is still locked by another up.sh or down.sh"
    fi
  fi
}

# The usual port of each service (CONTRIBUTING.md "Modules and ports").
base_port() {
  case "$1" in
    authorize-service) echo 8081 ;;
    token-service) echo 8082 ;;
    revocation-service) echo 8083 ;;
    client-registry-service) echo 8084 ;;
    *) return 1 ;;
  esac
}

# port <service> <replica>: replica k listens at its usual port + PC_PORT_OFFSET + 10*(k-1).
port() { echo $(( $(base_port "$1") + PC_PORT_OFFSET + 10 * ($2 - 1) )); }

pid_file() { echo "$PC_PID_DIR/$1-$2.pid"; }
log_file() { echo "$PC_LOG_DIR/$1-$2.log"; }

# Every service JVM carries this marker on its command line, so a pid is only ever taken for
# ours (pids get reused) and two run directories never mistake each other's processes.
instance_marker() { echo "-Dlocalrun.instance=$1-$2@$PC_RUN_DIR"; }

cmdline_of() {
  if [ -r "/proc/$1/cmdline" ]; then tr '\0' ' ' <"/proc/$1/cmdline"; else ps -o args= -p "$1" 2>/dev/null; fi
}

# owned_pid <pid file> <text its command line must contain>: prints the pid if that process
# is alive and is the one we started.
owned_pid() {
  local file="$1" expect="$2" pid
  [ -s "$file" ] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  cmdline_of "$pid" | grep -qF -- "$expect" || return 1
  echo "$pid"
}

service_pid() { owned_pid "$(pid_file "$1" "$2")" "$(instance_marker "$1" "$2")"; }
nginx_pid() { owned_pid "$PC_NGINX_PID" "$PC_NGINX_DIR"; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Replica counts of the services that have pid files in the run directory (highest k).
recorded_replicas() {
  local svc="$1" max=0 f k
  for f in "$PC_PID_DIR/$svc"-*.pid; do
    [ -e "$f" ] || continue
    k="${f##*-}"; k="${k%.pid}"
    is_uint "$k" && [ "$k" -gt "$max" ] && max="$k"
  done
  echo "$max"
}

# stop_processes <names array> <pids array> (array names): SIGTERM all at once, wait up to
# PC_STOP_TIMEOUT seconds for them to exit (graceful shutdown), then SIGKILL what is left.
stop_processes() {
  local -n names_ref="$1" pids_ref="$2"
  local i pid waited=0 left
  [ "${#pids_ref[@]}" -gt 0 ] || return 0
  for i in "${!pids_ref[@]}"; do
    say "stopping ${names_ref[$i]} (pid ${pids_ref[$i]})"
    kill -TERM "${pids_ref[$i]}" 2>/dev/null || true
  done
  while :; do
    left=0
    for pid in "${pids_ref[@]}"; do kill -0 "$pid" 2>/dev/null && left=$((left + 1)); done
    [ "$left" = 0 ] && return 0
    [ "$waited" -ge "$PC_STOP_TIMEOUT" ] && break
    sleep 1; waited=$((waited + 1))
  done
  for i in "${!pids_ref[@]}"; do
    if kill -0 "${pids_ref[$i]}" 2>/dev/null; then
      warn "${names_ref[$i]} (pid ${pids_ref[$i]}) did not stop within ${PC_STOP_TIMEOUT}s: SIGKILL"
      kill -KILL "${pids_ref[$i]}" 2>/dev/null || true
    fi
  done
  for pid in "${pids_ref[@]}"; do
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  done
}
