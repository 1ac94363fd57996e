#!/usr/bin/env bash
# Starts the whole Portcullis suite on this host behind nginx, the single issuer origin, seeds a
# demo confidential client, a demo public client and a demo user, and prints how to get a token.
# Running it again is harmless: what already runs is kept. Stop everything with down.sh.
#
#   deploy/local/up.sh
#   deploy/local/up.sh --replicas token-service=2 --replicas revocation-service=2
#
# Knobs (environment): PC_GATEWAY_PORT (8080), PC_PORT_OFFSET (0), PC_RUN_DIR (deploy/local/.run),
# PC_DB_NAME (portcullis), PC_SKIP_BUILD (unset), PORTCULLIS_ISSUER (http://localhost:$PC_GATEWAY_PORT),
# PC_READY_TIMEOUT (180 s), PC_JAVA_OPTS (per-service defaults, see java_opts), PC_RUNTIME (jvm, or
# container: the services' images with podman, see container.sh). Details: deploy/local/README.md.
set -euo pipefail
PC_SCRIPT=up
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PC_RUNTIME="${PC_RUNTIME:-jvm}"
case "$PC_RUNTIME" in
  jvm) ;;
  container)
    # shellcheck source=container.sh
    source "$PC_LOCAL_DIR/container.sh" ;;
  *) fail "settings" "PC_RUNTIME must be jvm or container, not '$PC_RUNTIME'" ;;
esac

usage() {
  cat <<EOF
usage: $0 [--replicas <service>=<n>]...
  services: ${PC_SERVICES[*]}
  environment: PC_GATEWAY_PORT PC_PORT_OFFSET PC_RUN_DIR PC_DB_NAME PC_SKIP_BUILD PORTCULLIS_ISSUER
               PC_READY_TIMEOUT PC_JAVA_OPTS PC_RUNTIME (see deploy/local/README.md)
EOF
}

declare -A REPLICAS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --replicas) [ $# -ge 2 ] || { usage >&2; exit 2; }; spec="$2"; shift 2 ;;
    --replicas=*) spec="${1#--replicas=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  svc="${spec%%=*}"; n="${spec#*=}"
  base_port "$svc" >/dev/null || fail "settings" "--replicas: unknown service '$svc' (one of: ${PC_SERVICES[*]})"
  { is_uint "$n" && [ "$n" -ge 1 ] && [ "$n" -le 9 ]; } || fail "settings" "--replicas $svc=$n: the count must be 1 to 9"
  REPLICAS[$svc]="$n"
done

pc_check_knobs
PC_READY_TIMEOUT="${PC_READY_TIMEOUT:-180}"
is_uint "$PC_READY_TIMEOUT" || fail "settings" "PC_READY_TIMEOUT must be seconds, not '$PC_READY_TIMEOUT'"
# JVM options: PC_JAVA_OPTS for every service when set, else per-service defaults sized from what
# each one holds under the benchmark's load (bench/README.md, "Capacity model"). -Xmx is a cap;
# -Xms16m lets the heap start small and grow only as far as the live data needs (without it the
# JVM commits a 64th of the host's memory up front, and the young generation's pages all become
# resident): 170 MiB less across the four services, the same CPU per request.
java_opts() {
  if [ -n "${PC_JAVA_OPTS:-}" ]; then echo "$PC_JAVA_OPTS"; return; fi
  case "$1" in
    # Argon2id holds 19 MiB per login being hashed, in 19,456 small blocks that outlive a young
    # collection: from a 16 MiB start, the heap grows through a full collection per few logins
    # (fresh logins took 1.4x the CPU). 128 MiB holds a login wave without that.
    authorize-service) echo "-Xmx320m -Xms128m -XX:+UseSerialGC" ;;
    # The code exchange (two signatures, three tokens) allocates enough that from 16 MiB the heap
    # keeps collecting under a login wave: fresh-login flows ran at 23 requests/s against 30-35.
    token-service) echo "-Xmx160m -Xms128m -XX:+UseSerialGC" ;;
    revocation-service) echo "-Xmx160m -Xms16m -XX:+UseSerialGC" ;;
    client-registry-service) echo "-Xmx96m -Xms16m -XX:+UseSerialGC" ;;
  esac
}
# glibc gives each thread that allocates natively an arena of its own (up to 8 per core); two
# are enough for JVMs whose native allocation is small, and save tens of MiB of resident memory each.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
ISSUER="${PORTCULLIS_ISSUER:-http://localhost:$PC_GATEWAY_PORT}"
ISSUER="${ISSUER%/}"
[[ "$ISSUER" =~ ^https?://[^\'[:space:]]+$ ]] || fail "settings" "PORTCULLIS_ISSUER must be an http(s) URL, not '$ISSUER'"
GATEWAY="http://127.0.0.1:$PC_GATEWAY_PORT"
REGISTRATION_MODE="${OAUTH_REGISTRY_REGISTRATION_MODE:-open}"
case "$REGISTRATION_MODE" in
  open|protected) ;;
  *) fail "settings" "OAUTH_REGISTRY_REGISTRATION_MODE must be open or protected, not '$REGISTRATION_MODE'" ;;
esac

# Without --replicas a service keeps the replicas the running stack already has.
for svc in "${PC_SERVICES[@]}"; do
  if [ -z "${REPLICAS[$svc]:-}" ]; then
    n=1
    for ((k = 2; k <= 9; k++)); do service_pid "$svc" "$k" >/dev/null && n="$k"; done
    REPLICAS[$svc]="$n"
  fi
done

# --- 1. PostgreSQL, Redis, nginx ------------------------------------------------------------
say "checking PostgreSQL, Redis and nginx (database $PC_DB_NAME)"
PC_DATABASES="$PC_DB_NAME" PC_INFRA_RECORD="$PC_RUN_DIR/infra-started" PC_REDIS_TOPOLOGY="$PC_REDIS_TOPOLOGY" \
  bash "$PC_LOCAL_DIR/infra.sh" --gateway >"$PC_LOG_DIR/infra.log" 2>&1 9>&- \
  || fail "infrastructure (PostgreSQL, Redis, nginx)" "deploy/local/infra.sh failed" "$PC_LOG_DIR/infra.log"
NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"
command -v java >/dev/null || fail "java" "no JDK on the PATH: install a JDK 17+ (apt-get install openjdk-17-jdk-headless)"

# A Redis Cluster or Sentinel of the stack's own (PC_REDIS_TOPOLOGY), in $PC_RUN_DIR/redis on
# ports picked free at run time; the services are given its settings from topology.env.
REDIS_DIR="$PC_RUN_DIR/redis"
topology_value() { [ -s "$REDIS_DIR/topology.env" ] && sed -n "s/^$1=//p" "$REDIS_DIR/topology.env" | head -n 1 || true; }
# Services that already run stay on the Redis they started with: never mix two.
for f in "$PC_PID_DIR"/*.pid; do
  [ -e "$f" ] || continue
  instance="$(basename "$f" .pid)"
  base_port "${instance%-*}" >/dev/null || continue
  service_pid "${instance%-*}" "${instance##*-}" >/dev/null || continue
  running_on="$(topology_value PC_REDIS_TOPOLOGY)"
  [ "${running_on:-standalone}" = "$PC_REDIS_TOPOLOGY" ] \
    || fail "settings" "the stack in $PC_RUN_DIR runs on Redis ${running_on:-standalone}, not $PC_REDIS_TOPOLOGY: run down.sh first"
  break
done
if [ "$PC_REDIS_TOPOLOGY" = standalone ]; then
  REDIS_ENV=("PORTCULLIS_REDIS_URL=${PORTCULLIS_REDIS_URL:-redis://127.0.0.1:6379}")
else
  say "starting Redis $PC_REDIS_TOPOLOGY in $REDIS_DIR where not running (output in $PC_LOG_DIR/redis.log)"
  bash "$PC_LOCAL_DIR/redis.sh" start "$PC_REDIS_TOPOLOGY" "$REDIS_DIR" >"$PC_LOG_DIR/redis.log" 2>&1 9>&- \
    || fail "Redis $PC_REDIS_TOPOLOGY" "deploy/local/redis.sh failed" "$PC_LOG_DIR/redis.log"
  REDIS_ENV=("PORTCULLIS_REDIS_CLIENT_TYPE=$(topology_value PORTCULLIS_REDIS_CLIENT_TYPE)"
    "PORTCULLIS_REDIS_URL=$(topology_value PORTCULLIS_REDIS_URL)")
  master_name="$(topology_value PORTCULLIS_REDIS_MASTER_NAME)"
  [ -z "$master_name" ] || REDIS_ENV+=("PORTCULLIS_REDIS_MASTER_NAME=$master_name")
fi

# --- 2. Build what is out of date -----------------------------------------------------------
jar_of() { echo "$PC_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

# A jar is stale when it is missing or older than a file of its module's sources, its pom, or
# the contracts it is built against (test sources do not go into the jar).
stale() {
  local jar; jar="$(jar_of "$1")"
  [ -f "$jar" ] || return 0
  [ -n "$(find "$PC_ROOT/$1/src/main" "$PC_ROOT/$1/pom.xml" "$PC_ROOT/proto/src/main" "$PC_ROOT/proto/pom.xml" \
      -type f -newer "$jar" -print -quit 2>/dev/null)" ]
}

running_any() { local k; for ((k = 1; k <= 9; k++)); do service_pid "$1" "$k" >/dev/null && return 0; done; return 1; }

if [ -n "${PC_SKIP_BUILD:-}" ]; then
  say "PC_SKIP_BUILD is set: using the jars as they are"
else
  TO_BUILD=()
  for svc in "${PC_SERVICES[@]}"; do
    if stale "$svc"; then TO_BUILD+=("$svc"); fi
  done
  if [ "${#TO_BUILD[@]}" -gt 0 ]; then
    command -v mvn >/dev/null || fail "build" "Maven is required to build ${TO_BUILD[*]}: apt-get install maven (or set PC_SKIP_BUILD=1 with jars in place)"
    modules="$(IFS=,; echo "${TO_BUILD[*]}")"
    say "building $modules (mvn package, tests not compiled; output in $PC_LOG_DIR/build.log)"
    set +e
    # Tests are neither run nor compiled: a test being rewritten must not stop the stack from starting.
    # shellcheck disable=SC2086 # PC_MVN_ARGS is a list of arguments
    (cd "$PC_ROOT" && mvn -B -ntp -pl "$modules" -am package -Dmaven.test.skip=true ${PC_MVN_ARGS:-}) </dev/null 2>&1 \
      | tee "$PC_LOG_DIR/build.log" | grep --line-buffered -E '^\[INFO\] Building |BUILD (SUCCESS|FAILURE)' \
      | sed -u 's/^\[INFO\] /    /'
    status="${PIPESTATUS[0]}"
    set -e
    [ "$status" = 0 ] || fail "build" "mvn package failed for $modules" "$PC_LOG_DIR/build.log"
  else
    say "jars are up to date"
  fi
fi
for svc in "${PC_SERVICES[@]}"; do
  [ -f "$(jar_of "$svc")" ] || fail "build" "no jar at $(jar_of "$svc"): build it with: mvn -pl $svc -am package -DskipTests"
done
if [ "$PC_RUNTIME" = container ]; then container_check; fi

# Each service runs from a copy of its quarkus-app in the run directory, so a rebuild (yours or
# the test suite's) never swaps jars under a running JVM. The copy is refreshed only while no
# instance of the service runs, so all its replicas run the same build.
app_dir() { echo "$PC_RUN_DIR/apps/$1"; }
snapshot_app() {
  local svc="$1" src dst
  src="$PC_ROOT/$svc/target/quarkus-app"; dst="$(app_dir "$svc")"
  if running_any "$svc"; then
    if [ "$src/quarkus-run.jar" -nt "$dst/quarkus-run.jar" ]; then
      warn "$svc runs an older build than $src; run down.sh then up.sh to pick it up"
    fi
    return 0
  fi
  rm -rf "$dst.new"
  mkdir -p "$PC_RUN_DIR/apps"
  cp -a "$src" "$dst.new" || fail "$svc" "cannot copy $src to $dst.new"
  rm -rf "$dst"
  mv "$dst.new" "$dst"
}
for svc in "${PC_SERVICES[@]}"; do snapshot_app "$svc"; done

# --- 3. Secrets (generated once per run directory, from the kernel's CSPRNG) ----------------
SECRETS="$PC_RUN_DIR/secrets.env"
umask 077
touch "$SECRETS"
random_b64url() { head -c "$1" /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }
# ensure_secret <name> <new value>: the caller's environment wins (e.g. a key-encryption key
# that must match keys already in the database), then the file, then the new random value.
ensure_secret() {
  local from_env="${!1:-}"
  if [ -n "$from_env" ]; then
    grep -v "^$1=" "$SECRETS" >"$SECRETS.new" || true
    echo "$1=$from_env" >>"$SECRETS.new"
    mv "$SECRETS.new" "$SECRETS"
  elif ! grep -q "^$1=" "$SECRETS"; then
    echo "$1=$2" >>"$SECRETS"
  fi
}
ensure_secret PORTCULLIS_ADMIN_TOKEN "$(random_b64url 32)"
ensure_secret OAUTH_TOKEN_KEY_ENCRYPTION_KEY "$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
ensure_secret OAUTH_REGISTRY_SECRET_PEPPER "$(random_b64url 32)"
ensure_secret OAUTH_REGISTRY_REGISTRATION_INITIAL_ACCESS_TOKEN "$(random_b64url 32)"
secret() { sed -n "s/^$1=//p" "$SECRETS" | head -n 1; }
ADMIN_TOKEN="$(secret PORTCULLIS_ADMIN_TOKEN)"
umask 022

# --- 4. The services ------------------------------------------------------------------------
# replica_for <caller replica> <target service>: callers spread over the target's replicas
# (caller k talks to target ((k-1) mod n)+1), so each replica of a dependency gets callers.
replica_for() { echo $(( ($1 - 1) % REPLICAS[$2] + 1 )); }

# The environment of one service instance (printed as NAME=value lines for env(1)).
service_env() {
  local svc="$1" k="$2" db="127.0.0.1:5432/$PC_DB_NAME"
  cat <<EOF
QUARKUS_PROFILE=prod
QUARKUS_HTTP_PORT=$(port "$svc" "$k")
QUARKUS_HTTP_HOST=127.0.0.1
PORTCULLIS_ISSUER=$ISSUER
PORTCULLIS_ADMIN_TOKEN=$ADMIN_TOKEN
PORTCULLIS_DB_REACTIVE_URL=postgresql://$db
PORTCULLIS_DB_JDBC_URL=jdbc:postgresql://$db
EOF
  printf '%s\n' "${REDIS_ENV[@]}"
  local registry token authorize
  registry="$(port client-registry-service "$(replica_for "$k" client-registry-service)")"
  token="$(port token-service "$(replica_for "$k" token-service)")"
  authorize="$(port authorize-service "$(replica_for "$k" authorize-service)")"
  case "$svc" in
    client-registry-service)
      echo "OAUTH_REGISTRY_SECRET_PEPPER=$(secret OAUTH_REGISTRY_SECRET_PEPPER)"
      echo "OAUTH_REGISTRY_REGISTRATION_INITIAL_ACCESS_TOKEN=$(secret OAUTH_REGISTRY_REGISTRATION_INITIAL_ACCESS_TOKEN)"
      # The service's own default is protected; the local stack keeps open registration for demos.
      echo "OAUTH_REGISTRY_REGISTRATION_MODE=$REGISTRATION_MODE"
      ;;
    authorize-service)
      echo "PORTCULLIS_CLIENT_REGISTRY_HOST=127.0.0.1"
      echo "PORTCULLIS_CLIENT_REGISTRY_PORT=$registry"
      echo "PORTCULLIS_TOKEN_ISSUER_HOST=127.0.0.1"
      echo "PORTCULLIS_TOKEN_ISSUER_PORT=$token"
      echo "PORTCULLIS_JWKS_URL=http://127.0.0.1:$token/jwks"
      # Plain-http issuer (the local default): the browser cookies cannot be Secure.
      case "$ISSUER" in http://*) echo "OAUTH_AUTHORIZE_COOKIE_SECURE=false" ;; esac
      # Every local browser and every test run on this machine is 127.0.0.1, sharing one address
      # record of the sign-in throttle in Redis: no per-address ceiling unless asked for.
      echo "OAUTH_AUTHORIZE_LOGIN_THROTTLE_ADDRESS_FREE_FAILURES=${OAUTH_AUTHORIZE_LOGIN_THROTTLE_ADDRESS_FREE_FAILURES:-100000}"
      ;;
    token-service)
      echo "OAUTH_TOKEN_KEY_ENCRYPTION_KEY=$(secret OAUTH_TOKEN_KEY_ENCRYPTION_KEY)"
      echo "PORTCULLIS_CLIENT_REGISTRY_HOST=127.0.0.1"
      echo "PORTCULLIS_CLIENT_REGISTRY_PORT=$registry"
      echo "PORTCULLIS_USER_DIRECTORY_HOST=127.0.0.1"
      echo "PORTCULLIS_USER_DIRECTORY_PORT=$authorize"
      ;;
    revocation-service)
      echo "PORTCULLIS_CLIENT_REGISTRY_HOST=127.0.0.1"
      echo "PORTCULLIS_CLIENT_REGISTRY_PORT=$registry"
      echo "PORTCULLIS_JWKS_URL=http://127.0.0.1:$token/jwks"
      ;;
  esac
}

STARTED=()
start_instance() {
  local svc="$1" k="$2" p log pidf
  p="$(port "$svc" "$k")"; log="$(log_file "$svc" "$k")"; pidf="$(pid_file "$svc" "$k")"
  if pid="$(service_pid "$svc" "$k")"; then
    say "$svc-$k already runs (pid $pid, port $p)"
    return 0
  fi
  rm -f "$pidf"
  if port_busy "$p"; then
    fail "$svc-$k" "port $p is already taken by another process (see: ss -ltnp 'sport = :$p'); free it or set PC_PORT_OFFSET"
  fi
  printf '\n===== %s: starting %s-%s on port %s =====\n' "$(date -u +%FT%TZ)" "$svc" "$k" "$p" >>"$log"
  local -a env_args=()
  mapfile -t env_args < <(service_env "$svc" "$k")
  if [ "$PC_RUNTIME" = container ]; then
    start_container "$svc" "$k" "$pidf" "$log" "${env_args[@]}"
    say "started $svc-$k (container $(container_name "$svc" "$k"), pid $(cat "$pidf"), port $p, log $log)"
    STARTED+=("$svc-$k")
    return 0
  fi
  # The settings (secrets among them) are exported in a subshell, not passed as arguments that
  # ps would show. setsid: the service outlives this shell and its terminal; the pid file holds
  # the JVM's pid.
  (
    for assignment in "${env_args[@]}"; do export "${assignment?}"; done
    # shellcheck disable=SC2086,SC2016 # the options are a list; $$ is the inner shell's pid
    exec setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" \
      java $(java_opts "$svc") "$(instance_marker "$svc" "$k")" -jar "$(app_dir "$svc")/quarkus-run.jar"
  ) </dev/null >>"$log" 2>&1 9>&- &
  for _ in $(seq 1 50); do [ -s "$pidf" ] && break; sleep 0.1; done
  say "started $svc-$k (pid $(cat "$pidf" 2>/dev/null), port $p, log $log)"
  STARTED+=("$svc-$k")
}

stop_extra_replicas() {
  local svc="$1" k pid names=() pids=()
  for ((k = REPLICAS[$svc] + 1; k <= 9; k++)); do
    if pid="$(service_pid "$svc" "$k")"; then names+=("$svc-$k"); pids+=("$pid"); fi
    rm -f "$(pid_file "$svc" "$k")"
  done
  stop_processes names pids
}

for svc in "${PC_SERVICES[@]}"; do
  for ((k = 1; k <= REPLICAS[$svc]; k++)); do start_instance "$svc" "$k"; done
done

# --- 5. nginx, the issuer origin ------------------------------------------------------------
upstream_servers() {
  local svc="$1" k
  for ((k = 1; k <= REPLICAS[$svc]; k++)); do
    printf '    server 127.0.0.1:%s max_fails=1 fail_timeout=5s;\n' "$(port "$svc" "$k")"
  done
}

write_nginx_conf() {
  mkdir -p "$PC_NGINX_DIR/conf" "$PC_NGINX_DIR/tmp"
  local listen="    listen 127.0.0.1:$PC_GATEWAY_PORT;"
  # Also [::1] where loopback has IPv6, since "localhost" may resolve there first.
  if grep -qs '^00000000000000000000000000000001 ' /proc/net/if_inet6; then
    listen="$listen
    listen [::1]:$PC_GATEWAY_PORT;"
  fi
  cat >"$PC_NGINX_DIR/conf/nginx.conf.new" <<EOF
# Generated by deploy/local/up.sh: do not edit (it is rewritten on every run).
worker_processes 1;
error_log "$PC_LOG_DIR/nginx-error.log" warn;
pid "$PC_NGINX_PID";
events { worker_connections 1024; }

http {
  access_log "$PC_LOG_DIR/nginx-access.log";
  server_tokens off;
  client_body_temp_path "$PC_NGINX_DIR/tmp/client_body";
  proxy_temp_path "$PC_NGINX_DIR/tmp/proxy";
  fastcgi_temp_path "$PC_NGINX_DIR/tmp/fastcgi";
  uwsgi_temp_path "$PC_NGINX_DIR/tmp/uwsgi";
  scgi_temp_path "$PC_NGINX_DIR/tmp/scgi";
  # The services bound request bodies at 64 KiB (DESIGN: bounded bodies); so does the gateway.
  # Bodies and responses stay in memory: the workers never need to write temp files.
  client_max_body_size 64k;
  client_body_buffer_size 64k;
  proxy_max_temp_file_size 0;

  upstream authorize_service {
$(upstream_servers authorize-service)
    keepalive 32;
  }
  upstream token_service {
$(upstream_servers token-service)
    keepalive 32;
  }
  upstream revocation_service {
$(upstream_servers revocation-service)
    keepalive 32;
  }
  upstream client_registry_service {
$(upstream_servers client-registry-service)
    keepalive 32;
  }

  server {
$listen
    # HTTP/1.1 with keep-alive to the services; the client's address reaches them. nginx is the
    # edge here, so X-Forwarded-For is set to the peer's address, never appended to what the
    # client sent (a made-up header would otherwise dodge the per-address login limits).
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$http_host;
    proxy_set_header X-Forwarded-For \$remote_addr;
    proxy_set_header X-Forwarded-Proto \$scheme;
    proxy_set_header X-Forwarded-Host \$http_host;
    proxy_connect_timeout 2s;
    # A replica that refuses connections or fails is skipped; a request already sent is not resent.
    proxy_next_upstream error timeout http_502 http_503;
    proxy_next_upstream_tries 3;

    # authorize-service: the authorization endpoint, login, consent, logout, userinfo, page assets.
    location ~ ^/(authorize|login|consent|logout|userinfo|device|assets)(/|\$) { proxy_pass http://authorize_service; }
    # token-service: token endpoint, keys, discovery (RFC 6749 §3.2, RFC 7517, RFC 8414, OIDC Discovery).
    location = /token { proxy_pass http://token_service; }
    location = /jwks { proxy_pass http://token_service; }
    location ^~ /.well-known/ { proxy_pass http://token_service; }
    # revocation-service: RFC 7009 and RFC 7662.
    location = /revoke { proxy_pass http://revocation_service; }
    location = /introspect { proxy_pass http://revocation_service; }
    # client-registry-service: RFC 7591 registration and RFC 7592 client configuration.
    location ~ ^/register(/|\$) { proxy_pass http://client_registry_service; }
    # Everything else, including /admin/* and /q/* (admin APIs, health, metrics), stays private.
    location / { return 404; }
  }
}
EOF
  if cmp -s "$PC_NGINX_DIR/conf/nginx.conf.new" "$PC_NGINX_DIR/conf/nginx.conf"; then
    rm -f "$PC_NGINX_DIR/conf/nginx.conf.new"
    NGINX_CONF_CHANGED=0
  else
    mv "$PC_NGINX_DIR/conf/nginx.conf.new" "$PC_NGINX_DIR/conf/nginx.conf"
    NGINX_CONF_CHANGED=1
  fi
}

nginx_cmd() { "$NGINX_BIN" -p "$PC_NGINX_DIR" -c "$PC_NGINX_DIR/conf/nginx.conf" -e "$PC_LOG_DIR/nginx-error.log" "$@"; }

write_nginx_conf
nginx_cmd -t -q >>"$PC_LOG_DIR/nginx-error.log" 2>&1 \
  || fail "nginx" "the generated configuration $PC_NGINX_DIR/conf/nginx.conf is invalid" "$PC_LOG_DIR/nginx-error.log"
if pid="$(nginx_pid)"; then
  if [ "$NGINX_CONF_CHANGED" = 1 ]; then
    nginx_cmd -s reload >>"$PC_LOG_DIR/nginx-error.log" 2>&1 || fail "nginx" "reload failed" "$PC_LOG_DIR/nginx-error.log"
    say "nginx already runs (pid $pid): new configuration loaded"
  else
    say "nginx already runs (pid $pid, port $PC_GATEWAY_PORT)"
  fi
else
  rm -f "$PC_NGINX_PID"
  port_busy "$PC_GATEWAY_PORT" && fail "nginx" "port $PC_GATEWAY_PORT is already taken by another process; free it or set PC_GATEWAY_PORT"
  nginx_cmd </dev/null >>"$PC_LOG_DIR/nginx-error.log" 2>&1 9>&- || fail "nginx" "nginx did not start" "$PC_LOG_DIR/nginx-error.log"
  for _ in $(seq 1 50); do nginx_pid >/dev/null && break; sleep 0.1; done
  nginx_pid >/dev/null || fail "nginx" "nginx did not stay up" "$PC_LOG_DIR/nginx-error.log"
  say "started nginx (pid $(nginx_pid)) on port $PC_GATEWAY_PORT"
fi

# Replicas beyond the requested counts stop once nginx no longer routes to them.
for svc in "${PC_SERVICES[@]}"; do stop_extra_replicas "$svc"; done

# Explains the one start-up failure the runner itself can cause: a new key-encryption key.
kek_hint() {
  if grep -qs "does not decrypt with the configured key-encryption key" "$PC_LOG_DIR"/token-service-*.log; then
    warn "token-service cannot decrypt the signing keys in database $PC_DB_NAME: they were sealed with another"
    warn "OAUTH_TOKEN_KEY_ENCRYPTION_KEY than the one in $SECRETS. Put the old key back (or export it),"
    warn "or use a fresh database (PC_DB_NAME=...)."
  fi
}

# --- 6. Wait until every instance is ready --------------------------------------------------
INSTANCES=()
for svc in "${PC_SERVICES[@]}"; do for ((k = 1; k <= REPLICAS[$svc]; k++)); do INSTANCES+=("$svc $k"); done; done
say "waiting for ${#INSTANCES[@]} services to report ready (/q/health/ready, up to ${PC_READY_TIMEOUT}s)"
declare -A READY=()
start_time=$SECONDS
last_report=-1
while :; do
  pending=()
  for inst in "${INSTANCES[@]}"; do
    read -r svc k <<<"$inst"
    [ -n "${READY[$svc-$k]:-}" ] && continue
    if ! service_pid "$svc" "$k" >/dev/null; then
      kek_hint
      fail "$svc-$k" "the service exited while starting" "$(log_file "$svc" "$k")"
    fi
    if curl -fsS -o /dev/null -m 2 "http://127.0.0.1:$(port "$svc" "$k")/q/health/ready" 2>/dev/null; then
      READY[$svc-$k]=1
      say "  $svc-$k ready after $((SECONDS - start_time))s"
    else
      pending+=("$svc-$k")
    fi
  done
  [ "${#pending[@]}" = 0 ] && break
  elapsed=$((SECONDS - start_time))
  if [ "$elapsed" -ge "$PC_READY_TIMEOUT" ]; then
    read -r svc k <<<"${pending[0]%-*} ${pending[0]##*-}"
    health="$(curl -sS -m 5 "http://127.0.0.1:$(port "$svc" "$k")/q/health/ready" 2>&1 | tr -s ' \n' ' ' | head -c 600 || true)"
    fail "${pending[*]}" "not ready after ${PC_READY_TIMEOUT}s; $svc-$k's /q/health/ready says: ${health:-nothing}" \
      "$(log_file "$svc" "$k")"
  fi
  if [ $((elapsed / 10)) != "$last_report" ]; then
    last_report=$((elapsed / 10))
    say "  ${elapsed}s: waiting for ${pending[*]}"
  fi
  sleep 1
done

# --- 7. Demo clients and user (admin APIs on the services' own ports) -----------------------
DEMO_ENV="$PC_RUN_DIR/demo.env"
demo_value() {
  if [ -f "$DEMO_ENV" ]; then sed -n "s/^$1='\{0,1\}\([^']*\)'\{0,1\}\$/\1/p" "$DEMO_ENV" | head -n 1; fi
}
json_string() { sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" | head -n 1; }

REGISTRY_ADMIN="http://127.0.0.1:$(port client-registry-service 1)/admin"
AUTHORIZE_ADMIN="http://127.0.0.1:$(port authorize-service 1)/admin"

# admin <method> <url> [json body]: sets HTTP_STATUS and HTTP_BODY; never prints the token.
# The credential and the body (which may hold a password) go through curl's config on stdin
# and a mode-600 file, never on a command line other users could read in ps.
REQUEST_BODY="$PC_RUN_DIR/.request.json"
admin() {
  local out
  umask 077
  printf '%s' "${3:-}" >"$REQUEST_BODY"
  umask 022
  out="$(printf 'header = "Authorization: Bearer %s"\n' "$ADMIN_TOKEN" \
    | curl -sS -m 10 -K - -X "$1" -H 'Accept: application/json' \
      ${3:+-H 'Content-Type: application/json' --data-binary "@$REQUEST_BODY"} -w '\n%{http_code}' "$2" 2>&1)" || true
  rm -f "$REQUEST_BODY"
  HTTP_STATUS="${out##*$'\n'}"
  HTTP_BODY="${out%$'\n'*}"
}

CLIENT_LOG="$(log_file client-registry-service 1)"
USER_LOG="$(log_file authorize-service 1)"

# ensure_client <client_id> <metadata json> <confidential 0|1> [known secret]: creates the client, or
# brings an existing one to that metadata;
# for a confidential client prints its secret (kept from demo.env, or rotated when unknown).
ensure_client() {
  local id="$1" body="$2" confidential="$3" known="${4:-}"
  admin GET "$REGISTRY_ADMIN/clients/$id"
  case "$HTTP_STATUS" in
    404)
      admin POST "$REGISTRY_ADMIN/clients" "$body"
      [ "$HTTP_STATUS" = 201 ] || fail "seeding client $id" "POST /admin/clients answered $HTTP_STATUS: $HTTP_BODY" "$CLIENT_LOG"
      say "created client $id" >&2
      [ "$confidential" = 1 ] && printf '%s' "$HTTP_BODY" | json_string client_secret
      ;;
    200)
      # Bring it to the metadata above (another stack on the same database may have registered
      # other redirect URIs, e.g. another gateway port); the secret stays.
      admin PUT "$REGISTRY_ADMIN/clients/$id" "$body"
      [ "$HTTP_STATUS" = 200 ] || fail "seeding client $id" "PUT /admin/clients/$id answered $HTTP_STATUS: $HTTP_BODY" "$CLIENT_LOG"
      if [ "$confidential" = 1 ]; then
        if [ -n "$known" ]; then printf '%s' "$known"; return 0; fi
        admin POST "$REGISTRY_ADMIN/clients/$id/secret"
        [ "$HTTP_STATUS" = 200 ] || [ "$HTTP_STATUS" = 201 ] \
          || fail "seeding client $id" "rotating its secret (POST /admin/clients/$id/secret) answered $HTTP_STATUS" "$CLIENT_LOG"
        say "client $id exists; its secret was unknown here, so it was rotated" >&2
        printf '%s' "$HTTP_BODY" | json_string client_secret
      fi
      ;;
    *) fail "seeding client $id" "GET /admin/clients/$id answered ${HTTP_STATUS:-no answer}: $HTTP_BODY" "$CLIENT_LOG" ;;
  esac
  return 0
}

DEMO_CLIENT_ID=demo-client
DEMO_PUBLIC_CLIENT_ID=demo-public-client
DEMO_USERNAME=demo
say "seeding the demo clients and user where absent"
DEMO_CLIENT_BODY="$(cat <<EOF
{"client_id":"$DEMO_CLIENT_ID","client_name":"Portcullis demo client",
 "grant_types":["client_credentials","authorization_code","refresh_token"],"response_types":["code"],
 "token_endpoint_auth_method":"client_secret_basic",
 "redirect_uris":["http://localhost:$PC_GATEWAY_PORT/demo/callback","http://127.0.0.1:$PC_GATEWAY_PORT/demo/callback"],
 "scope":"openid profile email offline_access api","can_introspect":true,"enabled":true}
EOF
)"
DEMO_PUBLIC_BODY="$(cat <<EOF
{"client_id":"$DEMO_PUBLIC_CLIENT_ID","client_name":"Portcullis demo public client","application_type":"native",
 "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
 "token_endpoint_auth_method":"none","require_pkce":true,
 "redirect_uris":["http://127.0.0.1/callback"],"scope":"openid profile email offline_access api","enabled":true}
EOF
)"
DEMO_CLIENT_SECRET="$(ensure_client "$DEMO_CLIENT_ID" "$DEMO_CLIENT_BODY" 1 "$(demo_value DEMO_CLIENT_SECRET)")"
[ -n "$DEMO_CLIENT_SECRET" ] || fail "seeding client $DEMO_CLIENT_ID" "no client_secret in the admin API's answer" "$CLIENT_LOG"
ensure_client "$DEMO_PUBLIC_CLIENT_ID" "$DEMO_PUBLIC_BODY" 0 >/dev/null

DEMO_PASSWORD="$(demo_value DEMO_PASSWORD)"
[ -n "$DEMO_PASSWORD" ] || DEMO_PASSWORD="$(random_b64url 18)"
admin GET "$AUTHORIZE_ADMIN/users/by-username/$DEMO_USERNAME"
case "$HTTP_STATUS" in
  404)
    admin POST "$AUTHORIZE_ADMIN/users" "{\"username\":\"$DEMO_USERNAME\",\"password\":\"$DEMO_PASSWORD\",\"email\":\"demo@example.com\",\"email_verified\":true,\"name\":\"Demo User\",\"given_name\":\"Demo\",\"family_name\":\"User\"}"
    [ "$HTTP_STATUS" = 201 ] || fail "seeding user $DEMO_USERNAME" "POST /admin/users answered $HTTP_STATUS: $HTTP_BODY" "$USER_LOG"
    say "created user $DEMO_USERNAME"
    ;;
  200)
    # Another run directory (or a test) may have set another password: set ours again.
    sub="$(printf '%s' "$HTTP_BODY" | json_string sub)"
    [ -n "$sub" ] || fail "seeding user $DEMO_USERNAME" "no sub in GET /admin/users/by-username/$DEMO_USERNAME" "$USER_LOG"
    admin PUT "$AUTHORIZE_ADMIN/users/$sub/password" "{\"password\":\"$DEMO_PASSWORD\"}"
    [ "$HTTP_STATUS" = 204 ] || [ "$HTTP_STATUS" = 200 ] \
      || fail "seeding user $DEMO_USERNAME" "PUT /admin/users/{sub}/password answered $HTTP_STATUS: $HTTP_BODY" "$USER_LOG"
    ;;
  *) fail "seeding user $DEMO_USERNAME" "GET /admin/users/by-username/$DEMO_USERNAME answered ${HTTP_STATUS:-no answer}: $HTTP_BODY" "$USER_LOG" ;;
esac

# The demo secret must work at the token endpoint through the gateway; a secret kept from an
# earlier run may no longer match (the database or the pepper changed): rotate it then.
token_status() {
  printf 'user = "%s:%s"\n' "$DEMO_CLIENT_ID" "$DEMO_CLIENT_SECRET" \
    | curl -sS -m 10 -K - -o /dev/null -w '%{http_code}' \
      -d grant_type=client_credentials -d scope=api "$GATEWAY/token" 2>/dev/null || true
}
status="$(token_status)"
if [ "$status" = 401 ]; then
  DEMO_CLIENT_SECRET="$(ensure_client "$DEMO_CLIENT_ID" "$DEMO_CLIENT_BODY" 1 "")"
  status="$(token_status)"
fi
if [ "$status" != 200 ]; then
  kek_hint
  fail "token-service" "the demo client got HTTP $status from POST /token through nginx" "$(log_file token-service 1)"
fi

umask 077
{
  echo "# Written by deploy/local/up.sh: the local stack's issuer and demo credentials. Source it."
  echo "ISSUER='$ISSUER'"
  echo "DEMO_CLIENT_ID='$DEMO_CLIENT_ID'"
  echo "DEMO_CLIENT_SECRET='$DEMO_CLIENT_SECRET'"
  echo "DEMO_PUBLIC_CLIENT_ID='$DEMO_PUBLIC_CLIENT_ID'"
  echo "DEMO_USERNAME='$DEMO_USERNAME'"
  echo "DEMO_PASSWORD='$DEMO_PASSWORD'"
  echo "ADMIN_TOKEN='$ADMIN_TOKEN'"
  if [ "$REGISTRATION_MODE" = protected ]; then
    echo "REGISTRATION_TOKEN='$(secret OAUTH_REGISTRY_REGISTRATION_INITIAL_ACCESS_TOKEN)'"
  fi
} >"$DEMO_ENV.new"
mv "$DEMO_ENV.new" "$DEMO_ENV"
umask 022

# --- 8. Tell the user -----------------------------------------------------------------------
registration_line() {
  if [ "$REGISTRATION_MODE" = open ]; then
    echo "OPEN: anyone may register a client at $ISSUER/register (a demo setting; production runs protected: OAUTH_REGISTRY_REGISTRATION_MODE=protected)"
  else
    echo "protected: POST $ISSUER/register needs REGISTRATION_TOKEN from $DEMO_ENV (RFC 7591 §3)"
  fi
}
cat <<EOF

$(pc_tag) Portcullis is up.
  issuer            $ISSUER   (discovery: $ISSUER/.well-known/openid-configuration)
  demo client       $DEMO_CLIENT_ID / $DEMO_CLIENT_SECRET   (client_secret_basic)
  public client     $DEMO_PUBLIC_CLIENT_ID   (PKCE, redirect http://127.0.0.1/callback)
  demo user         $DEMO_USERNAME / $DEMO_PASSWORD
  registration      $(registration_line)
  admin token       $ADMIN_TOKEN   (admin APIs on the services' own ports, e.g. $REGISTRY_ADMIN/clients)
  credentials file  $DEMO_ENV
  logs              $PC_LOG_DIR/
  stop              $PC_LOCAL_DIR/down.sh

Get a token:
  curl -s -u '$DEMO_CLIENT_ID:$DEMO_CLIENT_SECRET' -d grant_type=client_credentials -d scope=api $ISSUER/token
EOF
