# Keycloak side of the benchmark: fetch, build, start in production mode on PostgreSQL,
# configure the realm through the admin REST API, mint tokens. Sourced by bench/run.sh.
#
# Everything Keycloak gets mirrors what bench/lib/portcullis.sh gives our suite (see the
# fairness notes in bench/README.md).

KCB_VERSION="${KCB_VERSION:-26.5.6}"
KCB_JAVA_HOME="${KCB_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
KCB_PORT="${KCB_PORT:-29180}"
KCB_MGMT_PORT="${KCB_MGMT_PORT:-29190}"
KCB_DB="${KCB_DB:-keycloak_bench}"
KCB_HOME="$BENCH_DIR/.cache/keycloak-$KCB_VERSION"
KCB_BASE="http://127.0.0.1:$KCB_PORT"
KCB_REALM=bench
KCB_ADMIN_USER=bench-admin
# Keycloak's own container sizing (70 % of a 2 GiB limit, initial 50 %), set explicitly:
# the defaults are percentages of the host's 24 GiB.
KCB_HEAP="${KCB_HEAP:--Xms1024m -Xmx1434m}"

kc_fetch() {
  if [ ! -x "$KCB_HOME/bin/kc.sh" ]; then
    say "fetching keycloak-quarkus-dist $KCB_VERSION from Maven Central"
    mkdir -p "$BENCH_DIR/.cache"
    mvn -q -ntp dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KCB_VERSION:zip" \
      -DoutputDirectory="$BENCH_DIR/.cache" >/dev/null
    (cd "$BENCH_DIR/.cache" && unzip -q -o "keycloak-quarkus-dist-$KCB_VERSION.zip")
  fi
}

kc_env() {
  export JAVA_HOME="$KCB_JAVA_HOME" PATH="$KCB_JAVA_HOME/bin:$PATH"
  export JAVA_OPTS_KC_HEAP="$KCB_HEAP"
  # JBoss Threads' thread-local reset needs this on Java 24+ (it says so when it is missing).
  export JAVA_OPTS_APPEND="--add-opens=java.base/java.lang=ALL-UNNAMED ${KCB_JAVA_OPTS_APPEND:-}"
  if [ "$PROFILE" = 1 ]; then
    mkdir -p "$WORK/jfr"
    JAVA_OPTS_APPEND="$JAVA_OPTS_APPEND -XX:StartFlightRecording=filename=$WORK/jfr/keycloak.jfr,settings=profile,dumponexit=true"
  fi
  export KC_DB=postgres KC_DB_URL="jdbc:postgresql://127.0.0.1:5432/$KCB_DB" \
    KC_DB_USERNAME=portcullis KC_DB_PASSWORD=portcullis
}

# kc.sh build: the build-time options of a production image (PostgreSQL, health and metrics,
# local caches for one node: no clustering traffic).
kc_build() {
  if [ ! -f "$KCB_HOME/.bench-built" ]; then
    say "kc.sh build (production image: db=postgres, health, metrics, cache=local)"
    (kc_env; "$KCB_HOME/bin/kc.sh" build --db=postgres --health-enabled=true --metrics-enabled=true \
      --cache=local) >"$WORK/keycloak-build.log" 2>&1 || { tail -20 "$WORK/keycloak-build.log"; fail "kc.sh build failed"; }
    touch "$KCB_HOME/.bench-built"
  fi
}

kc_db() {
  pg_super -c "select 1 from pg_database where datname='$KCB_DB'" | grep -q 1 \
    || pg_super -c "create database \"$KCB_DB\" owner portcullis" >/dev/null
}

kc_pid() { port_pids "$KCB_PORT" | head -1; }

# Starts Keycloak and records seconds from launch to /health/ready in KCB_STARTUP_S.
kc_start() {
  kc_stop # a Keycloak left running by --keep
  local admin_password
  admin_password="$(cat "$BENCH_DIR/.cache/kc-admin-password")"
  local t0; t0=$(date +%s.%N)
  (
    kc_env
    export KC_BOOTSTRAP_ADMIN_USERNAME="$KCB_ADMIN_USER" KC_BOOTSTRAP_ADMIN_PASSWORD="$admin_password"
    exec setsid "$KCB_HOME/bin/kc.sh" start --optimized --http-enabled=true --http-host=127.0.0.1 \
      --http-port="$KCB_PORT" --http-management-port="$KCB_MGMT_PORT" --hostname-strict=false \
      --log=file --log-file="$WORK/keycloak.log"
  ) >"$WORK/keycloak.out" 2>&1 &
  echo $! >"$WORK/keycloak.launcher.pid"
  local i
  for i in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$KCB_MGMT_PORT/health/ready" >/dev/null 2>&1; then
      KCB_STARTUP_S=$(echo "$(date +%s.%N) - $t0" | bc)
      say "Keycloak ready in ${KCB_STARTUP_S}s (pid $(kc_pid))"
      return 0
    fi
    kill -0 "$(cat "$WORK/keycloak.launcher.pid")" 2>/dev/null || break
    sleep 0.2
  done
  grep -m3 ERROR "$WORK/keycloak.log" 2>/dev/null || tail -30 "$WORK/keycloak.out"
  fail "Keycloak did not become ready"
}

kc_stop() {
  local pid; pid=$(kc_pid)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
}

# The admin token lives 60 s and a loaded machine can take longer than that to create the
# realm, so each call gets a fresh one.
kc_post() {
  local code
  code=$(curl -sS -o "$WORK/kc-post.out" -w '%{http_code}' -X POST -H "Authorization: Bearer $(kc_admin_token)" \
    -H 'Content-Type: application/json' --data @"$3" "$KCB_BASE$2")
  [ "$code" = 201 ] || { cat "$WORK/kc-post.out"; fail "Keycloak POST $2 answered $code"; }
}

kc_admin_token() {
  curl -fsS "$KCB_BASE/realms/master/protocol/openid-connect/token" -d grant_type=password \
    -d client_id=admin-cli -d username="$KCB_ADMIN_USER" --data-urlencode "password=$(cat "$BENCH_DIR/.cache/kc-admin-password")" \
    | jq -r .access_token
}

# The realm: the same clients, users, lifetimes and rotation as bench/lib/portcullis.sh creates.
kc_configure() {
  local token; token=$(kc_admin_token)
  [ -n "$token" ] && [ "$token" != null ] || fail "no Keycloak admin token"
  curl -sS -o /dev/null -X DELETE -H "Authorization: Bearer $(kc_admin_token)" "$KCB_BASE/admin/realms/$KCB_REALM"
  local users_json
  users_json=$(while IFS=: read -r u p; do
      jq -nc --arg u "$u" --arg p "$p" '{username:$u, enabled:true, email:($u+"@bench.example"),
        emailVerified:true, firstName:"Bench", lastName:"User",
        credentials:[{type:"password", value:$p, temporary:false}]}'
    done <"$WORK/users.txt" | jq -sc .)
  jq -n --argjson at "$BENCH_ACCESS_TTL" --argjson rt "$BENCH_REFRESH_TTL" --argjson users "$users_json" '{
    realm: "bench", enabled: true,
    accessTokenLifespan: $at,
    ssoSessionIdleTimeout: $rt, ssoSessionMaxLifespan: 36000,
    revokeRefreshToken: true, refreshTokenMaxReuse: 0,
    users: $users}' >"$WORK/kc-realm.json"
  kc_post "$token" /admin/realms "$WORK/kc-realm.json"
  jq -n '{name:"api", protocol:"openid-connect",
    attributes:{"include.in.token.scope":"true", "display.on.consent.screen":"true"}}' >"$WORK/kc-scope.json"
  kc_post "$token" "/admin/realms/$KCB_REALM/client-scopes" "$WORK/kc-scope.json"
  local scope_id
  scope_id=$(curl -fsS -H "Authorization: Bearer $(kc_admin_token)" "$KCB_BASE/admin/realms/$KCB_REALM/client-scopes" | jq -r '.[] | select(.name=="api") | .id')
  jq -n --arg secret "$BENCH_CLIENT_SECRET" --arg cb "$BENCH_REDIRECT_URI" '{
    clientId:"bench-confidential", enabled:true, publicClient:false, secret:$secret,
    clientAuthenticatorType:"client-secret", serviceAccountsEnabled:true, standardFlowEnabled:true,
    directAccessGrantsEnabled:false, implicitFlowEnabled:false, consentRequired:true,
    redirectUris:[$cb], webOrigins:[], attributes:{"pkce.code.challenge.method":"S256"}}' >"$WORK/kc-client.json"
  kc_post "$token" "/admin/realms/$KCB_REALM/clients" "$WORK/kc-client.json"
  jq -n --arg cb "$BENCH_REDIRECT_URI" '{
    clientId:"bench-public", enabled:true, publicClient:true, standardFlowEnabled:true,
    directAccessGrantsEnabled:false, consentRequired:true, redirectUris:[$cb], webOrigins:[],
    attributes:{"pkce.code.challenge.method":"S256"}}' >"$WORK/kc-public.json"
  kc_post "$token" "/admin/realms/$KCB_REALM/clients" "$WORK/kc-public.json"
  local cid
  for c in bench-confidential bench-public; do
    cid=$(curl -fsS -H "Authorization: Bearer $(kc_admin_token)" "$KCB_BASE/admin/realms/$KCB_REALM/clients?clientId=$c" | jq -r '.[0].id')
    curl -fsS -X PUT -H "Authorization: Bearer $(kc_admin_token)" \
      "$KCB_BASE/admin/realms/$KCB_REALM/clients/$cid/optional-client-scopes/$scope_id" || fail "adding scope api to $c"
  done
  # Record how Keycloak hashes passwords and signs tokens, for the results.
  local uid
  uid=$(curl -fsS -H "Authorization: Bearer $(kc_admin_token)" "$KCB_BASE/admin/realms/$KCB_REALM/users?username=$(head -1 "$WORK/users.txt" | cut -d: -f1)&exact=true" | jq -r '.[0].id')
  KCB_PASSWORD_HASH=$(curl -fsS -H "Authorization: Bearer $(kc_admin_token)" "$KCB_BASE/admin/realms/$KCB_REALM/users/$uid/credentials" \
    | jq -r '.[0].credentialData | fromjson | "\(.algorithm) \(.additionalParameters.type[0] // "") (\(.additionalParameters.memory[0] // "?") KiB, \(.hashIterations) iterations, parallelism \(.additionalParameters.parallelism[0] // "?"): Keycloak defaults"')
  say "Keycloak realm '$KCB_REALM' configured (passwords $KCB_PASSWORD_HASH)"
}

# Target description consumed by run.sh.
kc_target() {
  T_NAME=keycloak
  T_BASE="$KCB_BASE"
  T_TOKEN_PATH="/realms/$KCB_REALM/protocol/openid-connect/token"
  T_INTROSPECT_PATH="/realms/$KCB_REALM/protocol/openid-connect/token/introspect"
  T_AUTHORIZE_PATH="/realms/$KCB_REALM/protocol/openid-connect/auth"
  T_JWKS_PATH="/realms/$KCB_REALM/protocol/openid-connect/certs"
  T_DISCOVERY_PATH="/realms/$KCB_REALM/.well-known/openid-configuration"
  T_CLIENT_ID=bench-confidential
  T_CLIENT_SECRET="$BENCH_CLIENT_SECRET"
  T_GRPC=""
  T_REDIS_PORT=""
  T_DB="$KCB_DB"
}

# Pids whose CPU counts for Keycloak: its java and the PostgreSQL backends on its database.
kc_server_pids() {
  kc_pid
  pg_backend_pids "$KCB_DB"
}
kc_rss_pids() { kc_pid; }
keycloak_server_pids() { kc_server_pids; }
keycloak_rss_pids() { kc_rss_pids; }
keycloak_target() { kc_target; }
