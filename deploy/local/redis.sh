#!/usr/bin/env bash
# A Redis Cluster or a Redis Sentinel setup of the stack's own, on loopback ports picked free at
# run time, with every server's configuration, data (AOF) and log in one directory. up.sh runs it
# when PC_REDIS_TOPOLOGY is cluster or sentinel; the e2e tests use it through up.sh.
#
#   deploy/local/redis.sh start cluster <dir>    # three masters in cluster mode, the 16384 slots spread over them
#   deploy/local/redis.sh start sentinel <dir>   # a primary, one replica, three sentinels (quorum 2)
#   deploy/local/redis.sh stop <dir>             # stops every server started in <dir>
#
# start writes <dir>/topology.env, NAME=value lines: the services' settings
# (PORTCULLIS_REDIS_CLIENT_TYPE, PORTCULLIS_REDIS_URL, PORTCULLIS_REDIS_MASTER_NAME) and the ports
# (PC_REDIS_NODE_PORTS, PC_REDIS_SENTINEL_PORTS, comma-separated). Running start again keeps the
# servers that answer and starts the others again on their recorded ports (cluster nodes rejoin
# from nodes.conf, sentinels from their rewritten configuration).
#
# Environment: PC_SENTINEL_DOWN_AFTER_MS (1000): how long the sentinels wait for a silent primary
# before they agree it is down and fail over. Nothing here touches a Redis it did not start.
set -euo pipefail
PC_SCRIPT=redis
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MASTER_NAME=portcullis
DOWN_AFTER_MS="${PC_SENTINEL_DOWN_AFTER_MS:-1000}"

usage() { echo "usage: $0 start cluster|sentinel <dir> | stop <dir>" >&2; exit 2; }

# --- Ports --------------------------------------------------------------------------------------
# A port nothing listens on, from the kernel's ephemeral range: the range where no program of
# this machine has a fixed port, and where test runs that ask the kernel for a free port get
# theirs. A port taken between the check and the server's bind makes the start fail, and start
# picks another (launch_new).
PICKED=" "
pick_port() {
  local lo=32768 hi=60999 p
  if [ -r /proc/sys/net/ipv4/ip_local_port_range ]; then read -r lo hi </proc/sys/net/ipv4/ip_local_port_range; fi
  for _ in $(seq 1 500); do
    p=$(( lo + (RANDOM * 32768 + RANDOM) % (hi - lo + 1) ))
    case "$PICKED" in *" $p "*) continue ;; esac
    port_busy "$p" && continue
    PICKED="$PICKED$p "
    PORT="$p"
    return 0
  done
  fail "ports" "no free port found in $lo-$hi"
}

# --- Servers ------------------------------------------------------------------------------------
cli() { local port="$1"; shift; redis-cli -h 127.0.0.1 -p "$port" "$@" 2>/dev/null </dev/null; }
answers() { [ "$(cli "$1" ping)" = PONG ]; }
server_dir() { echo "$DIR/$1-$2"; }

# wait_for <seconds> <command...>: polls every 0.1 s.
wait_for() {
  local tries=$(($1 * 10)); shift
  for _ in $(seq 1 "$tries"); do "$@" && return 0; sleep 0.1; done
  return 1
}

# The lines every data node's configuration shares: loopback only, AOF persistence (refresh
# tokens live only in Redis), no RDB snapshots, noeviction (an evicted revocation would
# un-revoke a token), a short shutdown wait.
node_conf() {
  local port="$1" dir="$2"
  cat <<EOF
bind 127.0.0.1
port $port
protected-mode yes
daemonize yes
pidfile $dir/redis.pid
logfile $dir/redis.log
dir $dir
appendonly yes
appendfsync everysec
save ""
maxmemory-policy noeviction
shutdown-timeout 2
EOF
}

# launch <kind> <port>: starts the server whose configuration is in its directory; true once it answers.
launch() {
  local kind="$1" port="$2" dir bin=redis-server
  dir="$(server_dir "$kind" "$port")"
  [ "$kind" = sentinel ] && bin=redis-sentinel
  "$bin" "$dir/redis.conf" </dev/null >>"$dir/redis.log" 2>&1 9>&- || return 1
  wait_for 5 answers "$port"
}

# launch_new <kind> <conf function> [args]: a new server on a freshly picked port (and, for
# cluster nodes, a bus port); picks again when the port was taken meanwhile. Sets PORT.
launch_new() {
  local kind="$1" conf="$2" dir port; shift 2
  for _ in 1 2 3 4 5; do
    pick_port; port="$PORT"
    dir="$(server_dir "$kind" "$port")"
    rm -rf "$dir"; mkdir -p "$dir"
    "$conf" "$port" "$dir" "$@" >"$dir/redis.conf"
    if launch "$kind" "$port"; then
      echo "$kind $port" >>"$DIR/servers"
      PORT="$port"
      return 0
    fi
    warn "$kind on port $port did not start (port taken meanwhile?), trying another port: $(tail -n 2 "$dir/redis.log" 2>/dev/null | tr '\n' ' ')"
    stop_server "$kind" "$port"
  done
  fail "$kind" "could not start a $kind in $DIR" "$dir/redis.log"
}

server_pid() { owned_pid "$(server_dir "$1" "$2")/redis.pid" "127.0.0.1:$2"; }

stop_server() {
  local names=() pids=() pid
  if pid="$(server_pid "$1" "$2")"; then names+=("$1-$2"); pids+=("$pid"); fi
  stop_processes names pids
}

# --- Cluster ------------------------------------------------------------------------------------
cluster_node_conf() {
  local port="$1" dir="$2"
  pick_port
  node_conf "$port" "$dir"
  cat <<EOF
cluster-enabled yes
cluster-port $PORT
cluster-config-file $dir/nodes.conf
cluster-node-timeout 2000
EOF
}

cluster_ok() {
  local port
  for port in "$@"; do cli "$port" cluster info | grep -q '^cluster_state:ok' || return 1; done
}

start_cluster() {
  local ports=()
  for _ in 1 2 3; do launch_new node cluster_node_conf; ports+=("$PORT"); done
  say "cluster nodes on 127.0.0.1:${ports[*]}; creating the cluster (three masters, no replicas)"
  local addresses=()
  for p in "${ports[@]}"; do addresses+=("127.0.0.1:$p"); done
  redis-cli --cluster create "${addresses[@]}" --cluster-replicas 0 --cluster-yes </dev/null >>"$DIR/cluster-create.log" 2>&1 \
    || fail "cluster" "redis-cli --cluster create failed" "$DIR/cluster-create.log"
  wait_for 20 cluster_ok "${ports[@]}" || fail "cluster" "cluster_state is not ok after 20 s" "$DIR/cluster-create.log"
  local urls
  urls="$(printf 'redis://127.0.0.1:%s,' "${ports[@]}")"
  {
    echo "PC_REDIS_TOPOLOGY=cluster"
    echo "PORTCULLIS_REDIS_CLIENT_TYPE=cluster"
    echo "PORTCULLIS_REDIS_URL=${urls%,}"
    echo "PC_REDIS_NODE_PORTS=$(IFS=,; echo "${ports[*]}")"
  } >"$DIR/topology.env"
}

# --- Sentinel -----------------------------------------------------------------------------------
replica_conf() {
  local port="$1" dir="$2" primary="$3"
  node_conf "$port" "$dir"
  echo "replicaof 127.0.0.1 $primary"
}

sentinel_conf() {
  local port="$1" dir="$2" primary="$3"
  cat <<EOF
bind 127.0.0.1
port $port
daemonize yes
pidfile $dir/redis.pid
logfile $dir/redis.log
dir $dir
sentinel monitor $MASTER_NAME 127.0.0.1 $primary 2
sentinel down-after-milliseconds $MASTER_NAME $DOWN_AFTER_MS
sentinel failover-timeout $MASTER_NAME 10000
sentinel parallel-syncs $MASTER_NAME 1
EOF
}

replica_in_sync() { cli "$1" info replication | grep -q '^master_link_status:up'; }

# A sentinel is ready to fail over once it knows the replica and the two other sentinels
# (they find each other through hello messages on the primary, every 2 s).
sentinel_ready() {
  local port info
  for port in "$@"; do
    info="$(cli "$port" --raw sentinel master "$MASTER_NAME" | paste - - | tr '\t' '=')"
    grep -qx 'num-other-sentinels=2' <<<"$info" || return 1
    grep -qx 'num-slaves=1' <<<"$info" || return 1
  done
}

start_sentinel() {
  local primary replica sentinels=()
  launch_new node node_conf; primary="$PORT"
  launch_new node replica_conf "$primary"; replica="$PORT"
  wait_for 20 replica_in_sync "$replica" || fail "sentinel" "the replica on $replica does not sync from $primary" "$(server_dir node "$replica")/redis.log"
  for _ in 1 2 3; do launch_new sentinel sentinel_conf "$primary"; sentinels+=("$PORT"); done
  say "primary 127.0.0.1:$primary, replica 127.0.0.1:$replica, sentinels 127.0.0.1:${sentinels[*]} (master name $MASTER_NAME)"
  wait_for 30 sentinel_ready "${sentinels[@]}" \
    || fail "sentinel" "the sentinels did not find each other and the replica within 30 s" "$(server_dir sentinel "${sentinels[0]}")/redis.log"
  local urls
  urls="$(printf 'redis://127.0.0.1:%s,' "${sentinels[@]}")"
  {
    echo "PC_REDIS_TOPOLOGY=sentinel"
    echo "PORTCULLIS_REDIS_CLIENT_TYPE=sentinel"
    echo "PORTCULLIS_REDIS_URL=${urls%,}"
    echo "PORTCULLIS_REDIS_MASTER_NAME=$MASTER_NAME"
    echo "PC_REDIS_NODE_PORTS=$primary,$replica"
    echo "PC_REDIS_SENTINEL_PORTS=$(IFS=,; echo "${sentinels[*]}")"
  } >"$DIR/topology.env"
}

# --- Again: what is recorded -------------------------------------------------------------------
restart_recorded() {
  local kind port
  while read -r kind port; do
    answers "$port" && continue
    if port_busy "$port"; then
      fail "$kind-$port" "port $port is taken by another program; stop it, or remove $DIR after $0 stop $DIR"
    fi
    say "starting $kind on port $port again"
    launch "$kind" "$port" || fail "$kind-$port" "did not start" "$(server_dir "$kind" "$port")/redis.log"
  done <"$DIR/servers"
}

# --- Main ---------------------------------------------------------------------------------------
[ $# -ge 2 ] || usage
ACTION="$1"
case "$ACTION" in
  start) [ $# = 3 ] || usage; TOPOLOGY="$2"; DIR="$3" ;;
  stop) [ $# = 2 ] || usage; DIR="$2" ;;
  *) usage ;;
esac
# Stops every server recorded in $DIR/servers: the sentinels first, so stopping the primary
# starts no failover.
stop_all() {
  [ -s "$DIR/servers" ] || return 0
  local kind k port pid names pids
  for kind in sentinel node; do
    names=(); pids=()
    while read -r k port; do
      if [ "$k" = "$kind" ] && pid="$(server_pid "$k" "$port")"; then names+=("redis-$k-$port"); pids+=("$pid"); fi
    done <"$DIR/servers"
    stop_processes names pids
  done
}

if [ "$ACTION" = stop ]; then
  [ -d "$DIR" ] || exit 0
  DIR="$(cd "$DIR" && pwd)"
  stop_all
  exit 0
fi
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"

case "$TOPOLOGY" in cluster|sentinel) ;; *) usage ;; esac
is_uint "$DOWN_AFTER_MS" || fail "settings" "PC_SENTINEL_DOWN_AFTER_MS must be milliseconds, not '$DOWN_AFTER_MS'"
command -v redis-server >/dev/null || fail "redis" "redis-server is not installed: deploy/local/infra.sh installs it"
if [ "$TOPOLOGY" = sentinel ] && ! command -v redis-sentinel >/dev/null; then
  fail "redis" "redis-sentinel is not installed: PC_REDIS_TOPOLOGY=sentinel deploy/local/infra.sh installs it"
fi

if [ -s "$DIR/topology.env" ]; then
  recorded="$(sed -n 's/^PC_REDIS_TOPOLOGY=//p' "$DIR/topology.env")"
  [ "$recorded" = "$TOPOLOGY" ] \
    || fail "redis" "$DIR holds a Redis $recorded setup; stop it first ($0 stop $DIR, or down.sh) and remove $DIR"
  restart_recorded
  if [ "$TOPOLOGY" = cluster ]; then
    IFS=, read -r -a ports <<<"$(sed -n 's/^PC_REDIS_NODE_PORTS=//p' "$DIR/topology.env")"
    wait_for 20 cluster_ok "${ports[@]}" || fail "cluster" "cluster_state is not ok after 20 s" "$(server_dir node "${ports[0]}")/redis.log"
  else
    IFS=, read -r -a ports <<<"$(sed -n 's/^PC_REDIS_SENTINEL_PORTS=//p' "$DIR/topology.env")"
    wait_for 30 sentinel_ready "${ports[@]}" || fail "sentinel" "the sentinels are not ready" "$(server_dir sentinel "${ports[0]}")/redis.log"
  fi
  say "Redis $TOPOLOGY in $DIR runs"
  exit 0
fi

# Servers of a start that failed half-way are stopped: this start records its own.
stop_all
rm -f "$DIR/servers"
if [ "$TOPOLOGY" = cluster ]; then start_cluster; else start_sentinel; fi
say "Redis $TOPOLOGY in $DIR runs ($DIR/topology.env)"
