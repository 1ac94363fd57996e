#!/usr/bin/env bash
# Benchmarks Portcullis against Keycloak on this machine, A B A B, and writes
# bench/results/YYYY-MM-DD-<commit>.md. See bench/README.md.
#
#   bench/run.sh                 # full run: 2 rounds, 12 s per scenario (about 20 minutes)
#   bench/run.sh --quick         # 1 round, 4 s per scenario: checks that everything works
#   bench/run.sh --only keycloak # one side only (validation); no results file is written
#
# Options: --rounds N, --duration S, --warmup S, --keep (leave both servers running),
# --skip-rs256 (no cc16_rs256: the extra cc16 run of ours with RS256 access tokens, as Keycloak signs),
# --scenarios "cc16 jwks16" (a subset), --profile (JFR on our services and Keycloak).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
ROUNDS=2; DURATION=12; WARMUP=3; QUICK=0; ONLY=""; KEEP=0; PROFILE=0; RS256_PHASE=1
SCENARIOS="cc16 cc64 refresh16 code_session16 code_login16 introspect16 grpc_unary16 grpc_stream16 jwks16 discovery16"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; ROUNDS=1; DURATION=4; WARMUP=1 ;;
    --only) ONLY="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --duration) DURATION="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --scenarios) SCENARIOS="$2"; shift ;;
    --keep) KEEP=1 ;;
    --skip-rs256) RS256_PHASE=0 ;;
    --profile) PROFILE=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$BENCH_DIR/results/tmp/$STAMP"
mkdir -p "$WORK"
export BENCH_LUA_DIR="$BENCH_DIR/lua"
# shellcheck source=lib/common.sh
source "$BENCH_DIR/lib/common.sh"
# shellcheck source=lib/keycloak.sh
source "$BENCH_DIR/lib/keycloak.sh"
# shellcheck source=lib/portcullis.sh
source "$BENCH_DIR/lib/portcullis.sh"

# What both servers are configured with (bench/README.md, "Equivalent configuration").
BENCH_ACCESS_TTL=300
BENCH_REFRESH_TTL=1800
BENCH_REDIRECT_URI="http://127.0.0.1:9/cb"
BENCH_USERS=16
STAMP_USER="$(date -u +%H%M%S)"
BENCH_CLIENT_SECRET="$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n')"
for i in $(seq 1 "$BENCH_USERS"); do
  echo "bench-$STAMP_USER-$i:$(openssl rand -hex 12)"
done >"$WORK/users.txt"
# Keycloak creates its bootstrap admin once per database: keep the password with the database.
mkdir -p "$BENCH_DIR/.cache"
[ -s "$BENCH_DIR/.cache/kc-admin-password" ] || openssl rand -hex 16 >"$BENCH_DIR/.cache/kc-admin-password"

# ---------------------------------------------------------------------------------------
preflight() {
  command -v wrk >/dev/null || { say "installing wrk (apt)"; apt-get install -y -qq wrk >/dev/null; }
  for tool in jq curl java mvn openssl bc ss psql; do
    command -v "$tool" >/dev/null || fail "$tool is needed"
  done
  "$REPO/deploy/local/infra.sh" >/dev/null
  say "building the Java load generator (bench/grpc-load)"
  # The standalone project resolves the proto jar from ~/.m2, whose pom names the parent pom.
  if [ ! -f "$HOME/.m2/repository/dev/portcullis/portcullis-parent/0.1.0-SNAPSHOT/portcullis-parent-0.1.0-SNAPSHOT.pom" ] \
     || ! cmp -s "$REPO/pom.xml" "$HOME/.m2/repository/dev/portcullis/portcullis-parent/0.1.0-SNAPSHOT/portcullis-parent-0.1.0-SNAPSHOT.pom"; then
    (cd "$BENCH_DIR/grpc-load" && mvn -q -ntp install:install-file -Dfile=../../pom.xml -DpomFile=../../pom.xml \
      >"$WORK/grpc-load-build.log" 2>&1) \
      || { tail -20 "$WORK/grpc-load-build.log"; fail "installing the parent pom for bench/grpc-load failed (is Maven Central reachable?)"; }
  fi
  if [ ! -f "$HOME/.m2/repository/dev/portcullis/proto/0.1.0-SNAPSHOT/proto-0.1.0-SNAPSHOT.jar" ]; then
    say "installing the proto module (bench/grpc-load compiles against it)"
    (cd "$REPO" && mvn -q -ntp -pl proto install -DskipTests >"$WORK/proto-build.log" 2>&1) \
      || { tail -20 "$WORK/proto-build.log"; fail "building the proto module failed (see $WORK/proto-build.log)"; }
  fi
  (cd "$BENCH_DIR/grpc-load" && mvn -q -ntp package org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/classpath.txt >"$WORK/grpc-load-build.log" 2>&1) \
    || { tail -20 "$WORK/grpc-load-build.log"; fail "building bench/grpc-load failed"; }
  PC_JAVA_VERSION="$(java -version 2>&1 | head -1)"
  LOADGEN_JAVA="$(command -v java)"
  LOADGEN_CP="$BENCH_DIR/grpc-load/target/classes:$(cat "$BENCH_DIR/grpc-load/target/classpath.txt")"
}

loadgen() {
  "$LOADGEN_JAVA" -Xms256m -Xmx512m -XX:+UseParallelGC -cp "$LOADGEN_CP" "dev.portcullis.bench.$1" "${@:2}"
}

# ---------------------------------------------------------------------------------------
# One measured scenario run. Appends a JSON line to $WORK/results.jsonl.
RESULTS_FILE=results.jsonl
record() { # target scenario round json cpu_s rss_kb note
  jq -c --arg t "$1" --arg s "$2" --argjson r "$3" --arg cpu "$5" --arg rss "$6" --arg note "${7:-}" \
    --arg load "$(loadavg)" \
    '. + {target:$t, scenario:$s, round:$r, cpu_s:((.cpu_s // ($cpu|tonumber))), rss_load_kb:($rss|tonumber),
          note:$note, loadavg:$load}' <<<"$4" >>"$WORK/$RESULTS_FILE"
  jq -r '"  \(.target) \(.scenario) r\(.round): \(.requests / (.duration_us/1e6) | floor) req/s, p50 \(.p50_us/1000) ms, p99 \(.p99_us/1000) ms, bad \(.bad + .socket_errors), cpu \(.cpu_s) s"' \
    <<<"$(tail -1 "$WORK/$RESULTS_FILE")" >&2
}

record_na() { # target scenario round reason
  jq -nc --arg t "$1" --arg s "$2" --argjson r "$3" --arg note "$4" \
    '{target:$t, scenario:$s, round:$r, na:true, note:$note}' >>"$WORK/$RESULTS_FILE"
  say "  $1 $2 r$3: n/a ($4)"
}

# Runs wrk with a Lua script: a warm-up run, then the measured one bracketed by CPU snapshots
# and an RSS sampler. $1 scenario, $2 round, $3 connections, $4 script; env BENCH_* set by caller.
run_wrk() {
  local scenario="$1" round="$2" conns="$3" script="$4" threads="${5:-2}"
  export BENCH_THREADS="$threads"
  if [ "$WARMUP" != 0 ]; then
    wrk -t"$threads" -c"$conns" -d"${WARMUP}s" -s "$BENCH_LUA_DIR/$script" "$T_BASE" >/dev/null 2>&1 || true
  fi
  local before="$WORK/cpu.before" after="$WORK/cpu.after" rssf="$WORK/rss.max"
  echo 0 >"$rssf"
  local redis0 redis1 pg0 pg1
  redis0=$(target_redis_calls); pg0=$(pg_xacts "$T_DB")
  "${T_NAME}_server_pids" | cpu_snapshot >"$before"
  rss_sampler "${T_NAME}_rss_pids" "$rssf" & local sampler=$!
  local out
  out=$(wrk -t"$threads" -c"$conns" -d"${DURATION}s" --timeout 10s -s "$BENCH_LUA_DIR/$script" "$T_BASE" 2>"$WORK/wrk.err" | grep '^{' | tail -1) || true
  [ -s "$WORK/wrk.err" ] && say "  $(head -3 "$WORK/wrk.err" | cut -c1-300)"
  "${T_NAME}_server_pids" | cpu_snapshot >"$after"
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  sleep 1 # let the backends flush their transaction counts
  redis1=$(target_redis_calls); pg1=$(pg_xacts "$T_DB")
  [ -n "$out" ] || { record_na "$T_NAME" "$scenario" "$round" "wrk printed no result"; return 0; }
  out=$(jq -c --argjson r $((redis1 - redis0)) --argjson p $((pg1 - pg0)) '. + {redis_calls:$r, pg_xacts:$p}' <<<"$out")
  record "$T_NAME" "$scenario" "$round" "$out" "$(cpu_seconds_between "$before" "$after")" "$(cat "$rssf")"
}

# Runs one of the Java generators; it brackets its own measured window with CPU snapshots.
run_java() { # scenario round class args...
  local scenario="$1" round="$2" cls="$3"; shift 3
  local rssf="$WORK/rss.max"
  echo 0 >"$rssf"
  "${T_NAME}_server_pids" >"$WORK/pids.txt"
  rss_sampler "${T_NAME}_rss_pids" "$rssf" & local sampler=$!
  local out
  out=$(loadgen "$cls" "$@" --warmup "$WARMUP" --duration "$DURATION" --pids "$WORK/pids.txt" 2>"$WORK/loadgen.err" | grep '^{' | tail -1) || true
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  [ -n "$out" ] || { record_na "$T_NAME" "$scenario" "$round" "load generator failed: $(tail -1 "$WORK/loadgen.err")"; return 0; }
  record "$T_NAME" "$scenario" "$round" "$out" 0 "$(cat "$rssf")"
  grep -q 'last problem' "$WORK/loadgen.err" && say "  $(grep 'last problem' "$WORK/loadgen.err" | tail -1 | cut -c1-300)"
  return 0
}

target_redis_calls() { if [ -n "$T_REDIS_PORT" ]; then redis_calls "$T_REDIS_PORT"; else echo 0; fi; }

basic_of() { printf '%s:%s' "$1" "$2" | base64 -w0; }

# Access tokens for introspection: client_credentials tokens of the bench client.
mint_access_tokens() { # count file
  local i
  for i in $(seq 1 "$1"); do
    curl -sS -u "$T_CLIENT_ID:$T_CLIENT_SECRET" -d grant_type=client_credentials -d scope=api \
      "$T_BASE$T_TOKEN_PATH" | jq -r '.access_token // empty'
  done >"$2"
  [ "$(grep -c . "$2")" = "$1" ]
}

# Logs every bench user in once (consenting), leaving session cookies and refresh tokens.
prime_sessions() { # [refresh tokens per user]
  loadgen CodeFlowLoad --mode prime --refresh-per-user "${1:-1}" --base "$T_BASE" --authorize-path "$T_AUTHORIZE_PATH" \
    --token-path "$T_TOKEN_PATH" --client-id "$T_CLIENT_ID" --client-secret "$T_CLIENT_SECRET" \
    --redirect-uri "$BENCH_REDIRECT_URI" --scope "openid api" --users "$WORK/users.txt" \
    --cookies-out "$WORK/$T_NAME-cookies.txt" --refresh-out "$WORK/$T_NAME-refresh.txt" \
    >"$WORK/prime.out" 2>"$WORK/prime.err"
}

# ---------------------------------------------------------------------------------------
# Scenarios. Each takes the round number; the target is described by the T_* variables.
sc_cc() {
  export BENCH_PATH="$T_TOKEN_PATH" BENCH_BODY="grant_type=client_credentials&scope=api"
  export BENCH_BASIC; BENCH_BASIC="$(basic_of "$T_CLIENT_ID" "$T_CLIENT_SECRET")"
  run_wrk "$1" "$2" "$3" post_form.lua
}
sc_cc16() { sc_cc cc16 "$1" 16; }
sc_cc64() { sc_cc cc64 "$1" 64; }

sc_refresh16() {
  # Two per connection: wrk builds one request per connection that it never sends (see refresh.lua).
  prime_sessions 2 || { record_na "$T_NAME" refresh16 "$1" "could not mint refresh tokens: $(tail -1 "$WORK/prime.err")"; return 0; }
  [ "$(grep -c . "$WORK/$T_NAME-refresh.txt")" -ge 32 ] \
    || { record_na "$T_NAME" refresh16 "$1" "no refresh tokens issued"; return 0; }
  export BENCH_PATH="$T_TOKEN_PATH" BENCH_TOKENS="$WORK/$T_NAME-refresh.txt"
  export BENCH_BASIC; BENCH_BASIC="$(basic_of "$T_CLIENT_ID" "$T_CLIENT_SECRET")"
  # no warm-up run: it would spend the single-use tokens
  local w="$WARMUP"; WARMUP=0
  run_wrk refresh16 "$1" 16 refresh.lua
  WARMUP="$w"
}

code_flow_args() {
  echo --base "$T_BASE" --authorize-path "$T_AUTHORIZE_PATH" --token-path "$T_TOKEN_PATH" \
    --client-id "$T_CLIENT_ID" --client-secret "$T_CLIENT_SECRET" --redirect-uri "$BENCH_REDIRECT_URI"
}

# One RFC 7636 verifier and S256 challenge per line ("verifier challenge"), one per browser.
pkce_pairs() { # count file
  local i v
  for i in $(seq 1 "$1"); do
    v=$(openssl rand -base64 48 | tr '+/' '-_' | tr -d '=\n')
    echo "$v $(printf '%s' "$v" | openssl dgst -sha256 -binary | openssl base64 -A | tr '+/' '-_' | tr -d '=')"
  done >"$2"
}

# wrk, one thread per connection (each is a browser with its own flow state; see code_flow.lua).
sc_code_session16() {
  prime_sessions || { record_na "$T_NAME" code_session16 "$1" "could not log in: $(tail -1 "$WORK/prime.err")"; return 0; }
  [ -s "$WORK/pkce.txt" ] || pkce_pairs 16 "$WORK/pkce.txt"
  export BENCH_AUTHORIZE_PATH="$T_AUTHORIZE_PATH" BENCH_TOKEN_PATH="$T_TOKEN_PATH" BENCH_CLIENT_ID="$T_CLIENT_ID" \
    BENCH_REDIRECT_URI="$BENCH_REDIRECT_URI" BENCH_SCOPE="openid api" BENCH_COOKIES="$WORK/$T_NAME-cookies.txt" \
    BENCH_PKCE="$WORK/pkce.txt"
  export BENCH_BASIC; BENCH_BASIC="$(basic_of "$T_CLIENT_ID" "$T_CLIENT_SECRET")"
  run_wrk code_session16 "$1" 16 code_flow.lua 16
}

sc_code_login16() {
  # shellcheck disable=SC2046
  run_java code_login16 "$1" CodeFlowLoad --mode login $(code_flow_args) --scope "openid api" \
    --users "$WORK/users.txt" --concurrency 16
}

# One introspection first, waiting up to 60 s: a cold revocation-service fetches the JWKS on
# first use and the requests queued behind that fetch would time out the first seconds of a run.
first_introspection() {
  curl -sS -m 60 -o /dev/null -u "$T_CLIENT_ID:$T_CLIENT_SECRET" -d "token=$(head -1 "$WORK/$T_NAME-access.txt")" \
    "$T_BASE$T_INTROSPECT_PATH" || true
}

sc_introspect16() {
  mint_access_tokens 64 "$WORK/$T_NAME-access.txt" \
    || { record_na "$T_NAME" introspect16 "$1" "could not mint access tokens"; return 0; }
  first_introspection
  export BENCH_PATH="$T_INTROSPECT_PATH" BENCH_TOKENS="$WORK/$T_NAME-access.txt"
  export BENCH_BASIC; BENCH_BASIC="$(basic_of "$T_CLIENT_ID" "$T_CLIENT_SECRET")"
  run_wrk introspect16 "$1" 16 introspect.lua
}

sc_grpc() { # scenario round mode
  if [ -z "$T_GRPC" ]; then
    record_na "$T_NAME" "$1" "$2" "no gRPC API: compared with its HTTP introspection"; return 0
  fi
  mint_access_tokens 64 "$WORK/$T_NAME-access.txt" \
    || { record_na "$T_NAME" "$1" "$2" "could not mint access tokens"; return 0; }
  first_introspection
  run_java "$1" "$2" GrpcIntrospectionLoad --target "$T_GRPC" --basic "$(basic_of "$T_CLIENT_ID" "$T_CLIENT_SECRET")" \
    --tokens "$WORK/$T_NAME-access.txt" --mode "$3" --concurrency 16 --channels 2
}
sc_grpc_unary16() { sc_grpc grpc_unary16 "$1" unary; }
sc_grpc_stream16() { sc_grpc grpc_stream16 "$1" stream; }

sc_jwks16() { export BENCH_PATH="$T_JWKS_PATH"; run_wrk jwks16 "$1" 16 get.lua; }
sc_discovery16() { export BENCH_PATH="$T_DISCOVERY_PATH"; run_wrk discovery16 "$1" 16 get.lua; }

# Runs a scenario for 5 s as warm-up: its results go to warm-up.jsonl, not into the report.
unrecorded() {
  local d="$DURATION"; DURATION=5; RESULTS_FILE=warm-up.jsonl
  "$@"
  DURATION="$d"; RESULTS_FILE=results.jsonl
}

# cc16_rs256: ours with RS256 access tokens, as Keycloak signs. The restarted token-service
# gets the same unrecorded warm-up the others had, then A B against Keycloak's cc16 measured
# again in this phase, so drift and the restart's cold start hit neither side's number.
rs256_phase() {
  say "scenario cc16_rs256 (token-service restarted with OAUTH_TOKEN_ACCESS_TOKEN_SIGNING_ALG=RS256)"
  pc_restart_token_service RS256
  portcullis_target
  local alg round t
  alg=$(curl -sS -u "$T_CLIENT_ID:$T_CLIENT_SECRET" -d grant_type=client_credentials -d scope=api \
    "$T_BASE$T_TOKEN_PATH" | jq -r .access_token | jwt_alg)
  if [ "$alg" != RS256 ]; then
    for round in $(seq 1 "$ROUNDS"); do record_na portcullis cc16_rs256 "$round" "token-service still signs $alg"; done
  else
    [ "$QUICK" = 1 ] || unrecorded sc_cc cc16_rs256 0 16
    for round in $(seq 1 "$ROUNDS"); do
      for t in $1; do "${t}_target"; sc_cc cc16_rs256 "$round" 16; done
    done
  fi
  pc_restart_token_service ""
}

# ---------------------------------------------------------------------------------------
cleanup() {
  if [ "$KEEP" = 0 ]; then
    [ "$ONLY" = portcullis ] || kc_stop
    [ "$ONLY" = keycloak ] || pc_stop
  fi
}

main() {
  say "work folder $WORK"
  preflight
  LOAD_BEFORE="$(loadavg)"
  trap cleanup EXIT
  local targets=""
  if [ "$ONLY" != keycloak ]; then
    pc_start
    pc_configure
    targets="$targets portcullis"
  fi
  if [ "$ONLY" != portcullis ]; then
    kc_fetch; kc_build; kc_db
    kc_start
    kc_configure
    targets="$targets keycloak"
  fi
  for t in $targets; do
    "${t}_target"
    local alg
    alg=$(curl -sS -u "$T_CLIENT_ID:$T_CLIENT_SECRET" -d grant_type=client_credentials -d scope=api \
      "$T_BASE$T_TOKEN_PATH" | jq -r .access_token | jwt_alg)
    if [ "$t" = portcullis ]; then PC_SIGNING_ALG="$alg"; else KCB_SIGNING_ALG="$alg"; fi
  done
  say "access tokens signed with: Portcullis ${PC_SIGNING_ALG:-}, Keycloak ${KCB_SIGNING_ALG:-}"
  say "letting both settle for 10 s, then idle memory"
  sleep 10
  local t
  for t in $targets; do "${t}_target"; echo "$T_NAME $("${t}_rss_pids" | rss_kb)" >>"$WORK/rss-idle.txt"; done
  local scenario round
  if [ "$QUICK" = 0 ]; then
    # Both JVMs compile their hot paths before anything is recorded (results in warm-up.jsonl).
    say "warm-up pass (not recorded)"
    for scenario in cc16 refresh16 introspect16 grpc_unary16 grpc_stream16 code_session16 code_login16 jwks16; do
      for t in $targets; do "${t}_target"; unrecorded "sc_$scenario" 0; done
    done
  fi
  for scenario in $SCENARIOS; do
    say "scenario $scenario"
    for round in $(seq 1 "$ROUNDS"); do
      for t in $targets; do
        "${t}_target"
        if declare -F "${t}_unsupported" >/dev/null && reason=$("${t}_unsupported" "$scenario"); then
          record_na "$t" "$scenario" "$round" "$reason"
        else
          "sc_$scenario" "$round"
        fi
      done
    done
  done
  if [ "$ONLY" != keycloak ] && [ "$RS256_PHASE" = 1 ]; then
    rs256_phase "$targets"
  fi
  LOAD_AFTER="$(loadavg)"
  write_results
}

write_results() {
  local full="${PC_COMMIT:-$(git -C "$REPO" rev-parse HEAD)}"
  local commit="${full:0:7}"
  jq -n --arg commit "$commit" --arg full "$full" \
    --arg date "$(date -u +%Y-%m-%d)" --arg started "$STAMP" --arg nproc "$(nproc)" \
    --arg model "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
    --arg mem "$(free -h | awk '/^Mem:/ {print $2}')" \
    --arg jdk_ours "$PC_JAVA_VERSION" \
    --arg jdk_kc "$("$KCB_JAVA_HOME/bin/java" -version 2>&1 | head -1)" \
    --arg kc "$KCB_VERSION" --arg kc_alg "${KCB_SIGNING_ALG:-}" --arg kc_hash "${KCB_PASSWORD_HASH:-}" \
    --arg pc_alg "${PC_SIGNING_ALG:-}" --arg pc_hash "${PC_PASSWORD_HASH:-}" \
    --arg kc_start "${KCB_STARTUP_S:-}" --arg pc_start "${PC_STARTUP_S:-}" \
    --arg load_before "$LOAD_BEFORE" --arg load_after "$LOAD_AFTER" \
    --arg rounds "$ROUNDS" --arg duration "$DURATION" --arg warmup "$WARMUP" --arg quick "$QUICK" \
    --arg pc_notes "${PC_NOTES:-}" --arg kc_heap "$KCB_HEAP" --arg pc_heap "${PC_HEAP:-}" \
    '$ARGS.named' >"$WORK/meta.json"
  local out="$WORK/results.md"
  python3 "$BENCH_DIR/lib/report.py" "$WORK" >"$out"
  if [ -z "$ONLY" ] && [ "$QUICK" = 0 ]; then
    mkdir -p "$BENCH_DIR/results"
    cp "$out" "$BENCH_DIR/results/$(date -u +%Y-%m-%d)-$commit.md"
    say "results written to bench/results/$(date -u +%Y-%m-%d)-$commit.md"
  fi
  cat "$out"
}

main
