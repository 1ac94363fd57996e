# Portcullis side of the benchmark: start the suite through the local runner (nginx gateway,
# four services, a Redis of its own), create the same clients and users Keycloak gets,
# describe the pids to measure. Sourced by bench/run.sh.

PC_GATEWAY_PORT="${PC_GATEWAY_PORT:-29080}"
PC_PORT_OFFSET="${PC_PORT_OFFSET:-21000}"
PC_DB_NAME="${PC_DB_NAME:-portcullis_bench}"
PC_REDIS_PORT="${PC_BENCH_REDIS_PORT:-29379}"
PC_RUN_DIR="$BENCH_DIR/.cache/pc-run"
PC_BASE="http://127.0.0.1:$PC_GATEWAY_PORT"
PC_AUTHORIZE_PORT=$((8081 + PC_PORT_OFFSET))
PC_TOKEN_PORT=$((8082 + PC_PORT_OFFSET))
PC_REVOCATION_PORT=$((8083 + PC_PORT_OFFSET))
PC_REGISTRY_PORT=$((8084 + PC_PORT_OFFSET))

# A Redis for the benchmark alone, so its CPU and command counts are the suite's only.
pc_redis_start() {
  if ! redis-cli -p "$PC_REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
    mkdir -p "$BENCH_DIR/.cache/redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$PC_REDIS_PORT" --save "" --appendonly no \
      --dir "$BENCH_DIR/.cache/redis" --logfile "$BENCH_DIR/.cache/redis/redis.log" \
      --pidfile "$BENCH_DIR/.cache/redis/redis.pid"
    for _ in $(seq 1 20); do redis-cli -p "$PC_REDIS_PORT" ping 2>/dev/null | grep -q PONG && break; sleep 0.5; done
  fi
}

pc_env() {
  export PC_GATEWAY_PORT PC_PORT_OFFSET PC_RUN_DIR PC_DB_NAME
  export PORTCULLIS_REDIS_URL="redis://127.0.0.1:$PC_REDIS_PORT"
  export PORTCULLIS_ISSUER="$PC_BASE"
  unset JAVA_TOOL_OPTIONS # never C1-only for a benchmark
  if [ "$PROFILE" = 1 ]; then
    export JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=$WORK/jfr/,settings=profile,dumponexit=true"; mkdir -p "$WORK/jfr"
  fi
}

pc_db() {
  pg_super -c "select 1 from pg_database where datname='$PC_DB_NAME'" | grep -q 1 \
    || pg_super -c "create database \"$PC_DB_NAME\" owner portcullis" >/dev/null
}

# The suite is benchmarked as committed: HEAD is exported (git archive) to bench/.src and built
# there, so the jars and the local runner are exactly the commit the results name, whatever
# other engineers have half-edited in the shared working tree meanwhile.
PC_SRC="$BENCH_DIR/.src"
PC_RUNNER="$PC_SRC/deploy/local"
PC_MODULES="client-registry-service,authorize-service,token-service,revocation-service"
pc_export() {
  PC_COMMIT=$(git -C "$REPO" rev-parse HEAD)
  if [ "$(cat "$PC_SRC/.commit" 2>/dev/null)" != "$PC_COMMIT" ]; then
    say "exporting commit ${PC_COMMIT:0:7} to bench/.src"
    rm -rf "$PC_SRC"; mkdir -p "$PC_SRC"
    git -C "$REPO" archive "$PC_COMMIT" | tar -x -C "$PC_SRC"
    echo "$PC_COMMIT" >"$PC_SRC/.commit"
  fi
}
pc_build() {
  local m missing=0
  for m in ${PC_MODULES//,/ }; do [ -f "$PC_SRC/$m/target/quarkus-app/quarkus-run.jar" ] || missing=1; done
  [ "$missing" = 0 ] && return 0
  say "building the four services of ${PC_COMMIT:0:7} (mvn package -DskipTests in bench/.src)"
  (cd "$PC_SRC" && mvn -q -ntp -pl "$PC_MODULES" -am package -DskipTests) >"$WORK/build.log" 2>&1 \
    || { grep ERROR "$WORK/build.log" | head -20; fail "building the suite at ${PC_COMMIT:0:7} failed"; }
}

pc_ready() { curl -fsS "$PC_BASE/.well-known/openid-configuration" >/dev/null 2>&1; }

# Starts the suite with the local runner of the exported commit and times it from launch to
# every service ready and the demo data seeded (the database is migrated by earlier runs): PC_STARTUP_S.
pc_start() {
  pc_export
  pc_build
  pc_redis_start
  pc_db
  mkdir -p "$PC_RUN_DIR"
  (pc_env; "$PC_RUNNER/down.sh") >"$WORK/up.log" 2>&1 || true # a stack left by --keep
  say "starting Portcullis with deploy/local/up.sh"
  local t0; t0=$(date +%s.%N)
  (pc_env; PC_SKIP_BUILD=1 "$PC_RUNNER/up.sh") >>"$WORK/up.log" 2>&1 || { tail -30 "$WORK/up.log"; fail "up.sh failed"; }
  for _ in $(seq 1 300); do pc_all_ready && break; sleep 0.2; done
  PC_STARTUP_S=$(echo "$(date +%s.%N) - $t0" | bc)
  say "Portcullis ready in ${PC_STARTUP_S}s (up.sh, includes seeding the demo data)"
  # shellcheck disable=SC1091
  source "$PC_RUN_DIR/demo.env"
}

pc_all_ready() {
  local p
  for p in $PC_AUTHORIZE_PORT $PC_TOKEN_PORT $PC_REVOCATION_PORT $PC_REGISTRY_PORT; do
    curl -fsS "http://127.0.0.1:$p/q/health/ready" >/dev/null 2>&1 || return 1
  done
  pc_ready
}

pc_stop() {
  [ -x "$PC_RUNNER/down.sh" ] && (pc_env; "$PC_RUNNER/down.sh") >>"$WORK/up.log" 2>&1 || true
  local pid
  pid=$(cat "$BENCH_DIR/.cache/redis/redis.pid" 2>/dev/null) && kill "$pid" 2>/dev/null || true
}

# The same clients and users Keycloak gets (bench/lib/keycloak.sh).
pc_configure() {
  local body code
  body=$(jq -n --arg cb "$BENCH_REDIRECT_URI" --arg id "bench-confidential-$STAMP_USER" \
    --argjson at "$BENCH_ACCESS_TTL" --argjson rt "$BENCH_REFRESH_TTL" '{
    client_id:$id, client_name:"bench confidential client", redirect_uris:[$cb],
    grant_types:["client_credentials","authorization_code","refresh_token"], response_types:["code"],
    token_endpoint_auth_method:"client_secret_basic", scope:"openid profile email api",
    access_token_ttl:$at, refresh_token_ttl:$rt, rotate_refresh_tokens:true, require_pkce:true,
    can_introspect:true, skip_consent:false}')
  code=$(curl -sS -o "$WORK/pc-client.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$PC_REGISTRY_PORT/admin/clients")
  [ "$code" = 201 ] || { cat "$WORK/pc-client.json"; fail "creating the bench client answered $code"; }
  PC_CLIENT_ID=$(jq -r .client_id "$WORK/pc-client.json")
  PC_CLIENT_SECRET=$(jq -r .client_secret "$WORK/pc-client.json")
  body=$(jq -n --arg cb "$BENCH_REDIRECT_URI" --arg id "bench-public-$STAMP_USER" '{
    client_id:$id, client_name:"bench public client", redirect_uris:[$cb],
    grant_types:["authorization_code","refresh_token"], response_types:["code"],
    token_endpoint_auth_method:"none", scope:"openid profile email api", require_pkce:true,
    rotate_refresh_tokens:true, skip_consent:false}')
  curl -sS -o /dev/null -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d "$body" "http://127.0.0.1:$PC_REGISTRY_PORT/admin/clients"
  local u p
  while IFS=: read -r u p; do
    body=$(jq -n --arg u "$u" --arg p "$p" '{username:$u, password:$p, email:($u+"@bench.example"),
      name:"Bench User", given_name:"Bench", family_name:"User", email_verified:true}')
    code=$(curl -sS -o "$WORK/pc-user.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $ADMIN_TOKEN" \
      -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$PC_AUTHORIZE_PORT/admin/users")
    [ "$code" = 201 ] || { PC_NOTES="${PC_NOTES:-}creating users answered $code; "; break; }
  done <"$WORK/users.txt"
  PC_PASSWORD_HASH="argon2id (19456 KiB, 2 iterations, parallelism 1: oauth.authorize.password-hash defaults)"
  if [ -n "${PC_JAVA_OPTS:-}" ]; then PC_HEAP="$PC_JAVA_OPTS per service (PC_JAVA_OPTS)"
  else PC_HEAP="up.sh's per-service defaults: $(sed -n 's/^    \([a-z|-]*\)) echo "\(.*\)" ;;$/\1 \2;/p' "$PC_RUNNER/up.sh" | tr '\n' ' ')MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}"; fi
  say "Portcullis configured (client $PC_CLIENT_ID)"
}

portcullis_target() {
  T_NAME=portcullis
  T_BASE="$PC_BASE"
  T_TOKEN_PATH=/token
  T_INTROSPECT_PATH=/introspect
  T_AUTHORIZE_PATH=/authorize
  T_JWKS_PATH=/jwks
  T_DISCOVERY_PATH=/.well-known/openid-configuration
  T_CLIENT_ID="$PC_CLIENT_ID"
  T_CLIENT_SECRET="$PC_CLIENT_SECRET"
  T_GRPC="127.0.0.1:$PC_REVOCATION_PORT"
  T_REDIS_PORT="$PC_REDIS_PORT"
  T_DB="$PC_DB_NAME"
}

pc_service_pids() {
  local p
  for p in $PC_AUTHORIZE_PORT $PC_TOKEN_PORT $PC_REVOCATION_PORT $PC_REGISTRY_PORT; do port_pids "$p"; done
}

# Pids whose CPU counts for Portcullis: the four services, nginx (master and workers), its
# Redis and the PostgreSQL backends on its database.
portcullis_server_pids() {
  pc_service_pids
  port_pids "$PC_GATEWAY_PORT"
  port_pids "$PC_REDIS_PORT"
  pg_backend_pids "$PC_DB_NAME"
}
# Resident memory compared with Keycloak's java: the four JVMs, nginx and Redis.
portcullis_rss_pids() {
  pc_service_pids
  port_pids "$PC_GATEWAY_PORT"
  port_pids "$PC_REDIS_PORT"
}

# Restarts token-service alone, the other services untouched: with OAUTH_TOKEN_ACCESS_TOKEN_SIGNING_ALG=$1
# (RS256 for cc16_rs256, see run.sh), or back to the default (ES256) with "".
pc_restart_token_service() {
  local pid; pid=$(port_pids "$PC_TOKEN_PORT" | head -1)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  (pc_env; export PC_SKIP_BUILD=1
   if [ -n "$1" ]; then export OAUTH_TOKEN_ACCESS_TOKEN_SIGNING_ALG="$1"; else unset OAUTH_TOKEN_ACCESS_TOKEN_SIGNING_ALG; fi
   "$PC_RUNNER/up.sh") >>"$WORK/up.log" 2>&1 \
    || say "up.sh failed restarting token-service (see $WORK/up.log)"
}
