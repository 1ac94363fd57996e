#!/usr/bin/env bash
# Stops exactly what deploy/local/up.sh started in this run directory: nginx, every service
# replica (SIGTERM, then SIGKILL after PC_STOP_TIMEOUT seconds), the stack's own Redis Cluster or
# Sentinel servers (PC_REDIS_TOPOLOGY; their data stays in $PC_RUN_DIR/redis), and PostgreSQL or
# Redis only if up.sh had to start them itself (pass --keep-infra to leave all of those running).
# A PostgreSQL or Redis that was already running is never touched. Same knobs as up.sh (PC_RUN_DIR, ...).
#
#   deploy/local/down.sh [--keep-infra]
set -euo pipefail
PC_SCRIPT=down
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KEEP_INFRA=0
for arg in "$@"; do
  case "$arg" in
    --keep-infra) KEEP_INFRA=1 ;;
    -h|--help) echo "usage: $0 [--keep-infra]"; exit 0 ;;
    *) echo "usage: $0 [--keep-infra]" >&2; exit 2 ;;
  esac
done

if [ ! -d "${PC_RUN_DIR}/pids" ]; then
  say "nothing to stop: no run directory at $PC_RUN_DIR"
  exit 0
fi
pc_check_knobs

# The gateway first, so no request reaches a service that is shutting down.
names=(); pids=()
if pid="$(nginx_pid)"; then names+=(nginx); pids+=("$pid"); fi
stop_processes names pids
rm -f "$PC_NGINX_PID"

names=(); pids=()
for f in "$PC_PID_DIR"/*.pid; do
  [ -e "$f" ] || continue
  instance="$(basename "$f" .pid)"
  svc="${instance%-*}"; k="${instance##*-}"
  if base_port "$svc" >/dev/null && is_uint "$k" && pid="$(service_pid "$svc" "$k")"; then
    names+=("$instance"); pids+=("$pid")
  fi
done
stop_processes names pids

left=()
for i in "${!pids[@]}"; do kill -0 "${pids[$i]}" 2>/dev/null && left+=("${names[$i]} (pid ${pids[$i]})"); done
[ "${#left[@]}" = 0 ] || fail "stopping" "still running: ${left[*]}"
rm -f "$PC_PID_DIR"/*.pid

# The stack's own Redis Cluster or Sentinel (deploy/local/redis.sh).
if [ -s "$PC_RUN_DIR/redis/servers" ] && [ "$KEEP_INFRA" = 0 ]; then
  bash "$PC_LOCAL_DIR/redis.sh" stop "$PC_RUN_DIR/redis" || warn "some Redis servers in $PC_RUN_DIR/redis did not stop"
fi

# PostgreSQL / Redis, only when up.sh started them (infra.sh recorded it).
RECORD="$PC_RUN_DIR/infra-started"
if [ -s "$RECORD" ] && [ "$KEEP_INFRA" = 0 ]; then
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  sort -u "$RECORD" | while read -r what arg; do
    case "$what" in
      redis)
        say "stopping Redis on port $arg (up.sh started it)"
        redis-cli -h 127.0.0.1 -p "$arg" shutdown nosave >/dev/null 2>&1 || warn "Redis on port $arg did not stop"
        ;;
      postgresql)
        say "stopping PostgreSQL $arg (up.sh started it)"
        as_root pg_ctlcluster --skip-systemctl-redirect "$arg" main stop >/dev/null 2>&1 || warn "PostgreSQL $arg did not stop"
        ;;
    esac
  done
  rm -f "$RECORD"
fi
say "stopped (logs stay in $PC_LOG_DIR)"
