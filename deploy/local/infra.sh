#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis are installed and running on this host, and that the
# suite's role and databases exist. Safe to run any number of times.
#
#   deploy/local/infra.sh            # for the local stack and the tests
#   deploy/local/infra.sh --gateway  # also nginx and curl, for up.sh
#   deploy/local/infra.sh --gateway --test-tools  # also kubectl, openssl and redis-sentinel, for ./test.sh
#
# Environment: PC_DB_USER / PC_DB_PASSWORD (default portcullis / portcullis),
# PC_DATABASES (default "portcullis portcullis_test"), PC_REDIS_PORT (default 6379),
# PC_REDIS_TOPOLOGY (standalone; with cluster or sentinel, Redis is only installed, redis-sentinel
# too for sentinel, and nothing is started: deploy/local/redis.sh starts the stack's own servers),
# PC_INFRA_RECORD (a file: one line per server this run started, "postgresql <version>" or
# "redis <port>", so deploy/local/down.sh stops those and leaves alone what was already running).
set -euo pipefail

WITH_GATEWAY=0
WITH_TEST_TOOLS=0
for arg in "$@"; do
  case "$arg" in
    --gateway) WITH_GATEWAY=1 ;;
    --test-tools) WITH_TEST_TOOLS=1 ;;
    *) echo "usage: $0 [--gateway] [--test-tools]" >&2; exit 2 ;;
  esac
done

DB_USER="${PC_DB_USER:-portcullis}"
DB_PASSWORD="${PC_DB_PASSWORD:-portcullis}"
DATABASES="${PC_DATABASES:-portcullis portcullis_test}"
REDIS_PORT="${PC_REDIS_PORT:-6379}"

say() { printf '\033[1m[infra]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[infra] %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else fail "Need root (or sudo) to run: $* . Install it yourself, then run this again."; fi
}

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null || fail "apt-get not found: install $* with your package manager, then run this again."
  if [ "$APT_UPDATED" = 0 ]; then say "apt-get update"; as_root apt-get update -qq; APT_UPDATED=1; fi
  say "installing $* (apt)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Installs packages whose system service must not start (nginx would take port 80, the packaged
# redis-sentinel port 26379): while apt works, service starts are denied (policy-rc.d). The
# stack runs these programs as processes of its own.
apt_install_no_start() {
  local policy=/usr/sbin/policy-rc.d added=0
  if [ ! -e "$policy" ]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' >$policy && chmod 755 $policy"
    added=1
  fi
  local status=0
  apt_install "$@" || status=$?
  if [ "$added" = 1 ]; then as_root rm -f "$policy"; fi
  return "$status"
}

# --- PostgreSQL -------------------------------------------------------------
pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if ! command -v pg_ctlcluster >/dev/null && ! pg_ready; then
  apt_install postgresql
fi
if ! pg_ready; then
  say "starting PostgreSQL"
  for v in $(ls /etc/postgresql 2>/dev/null); do
    if as_root pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null && [ -n "${PC_INFRA_RECORD:-}" ]; then
      echo "postgresql $v" >>"$PC_INFRA_RECORD"
    fi
  done
  for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
  pg_ready || fail "PostgreSQL does not answer on 127.0.0.1:5432. See /var/log/postgresql/ for why."
fi

# Run SQL as the PostgreSQL superuser: over TCP when trust auth allows it, else via the socket.
psql_super() {
  if psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1 </dev/null; then
    psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -tAq "$@"
  elif [ "$(id -u)" = 0 ] && command -v runuser >/dev/null; then
    runuser -u postgres -- psql -d postgres -v ON_ERROR_STOP=1 -tAq "$@"
  else
    sudo -u postgres psql -d postgres -v ON_ERROR_STOP=1 -tAq "$@"
  fi
}

if [ "$(psql_super -c "select 1 from pg_roles where rolname='$DB_USER'")" != 1 ]; then
  say "creating role $DB_USER"
  psql_super -c "create role \"$DB_USER\" login password '$DB_PASSWORD'"
fi
for db in $DATABASES; do
  if [ "$(psql_super -c "select 1 from pg_database where datname='$db'")" != 1 ]; then
    say "creating database $db"
    psql_super -c "create database \"$db\" owner \"$DB_USER\""
  fi
done
PGPASSWORD="$DB_PASSWORD" psql -h 127.0.0.1 -U "$DB_USER" -d "${DATABASES%% *}" -tAc 'select 1' >/dev/null 2>&1 </dev/null \
  || fail "Cannot log in to PostgreSQL as $DB_USER on 127.0.0.1 with its password. Allow md5/scram or trust for 127.0.0.1 in pg_hba.conf."

# --- Redis --------------------------------------------------------------------
REDIS_TOPOLOGY="${PC_REDIS_TOPOLOGY:-standalone}"
redis_ready() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
if ! command -v redis-server >/dev/null; then
  apt_install redis-server
fi
if [ "$REDIS_TOPOLOGY" = sentinel ] && ! command -v redis-sentinel >/dev/null; then
  apt_install_no_start redis-sentinel
fi
if [ "$REDIS_TOPOLOGY" != standalone ]; then
  say "PostgreSQL is ready; Redis is installed (the $REDIS_TOPOLOGY is started by deploy/local/redis.sh)"
elif ! redis_ready; then
  say "starting Redis on 127.0.0.1:$REDIS_PORT"
  mkdir -p /tmp/portcullis-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /tmp/portcullis-redis --logfile /tmp/portcullis-redis/redis.log </dev/null >/dev/null 2>&1
  if [ -n "${PC_INFRA_RECORD:-}" ]; then echo "redis $REDIS_PORT" >>"$PC_INFRA_RECORD"; fi
  for _ in $(seq 1 20); do redis_ready && break; sleep 0.5; done
  redis_ready || fail "Redis does not answer on 127.0.0.1:$REDIS_PORT. See /tmp/portcullis-redis/redis.log."
fi
[ "$REDIS_TOPOLOGY" != standalone ] || say "PostgreSQL and Redis are ready"

# --- Gateway tools (up.sh) ------------------------------------------------------
# nginx runs as the stack's own process (deploy/local/up.sh), never as the system service:
# while it is installed, service starts are denied so the package does not take port 80.
if [ "$WITH_GATEWAY" = 1 ]; then
  if ! command -v curl >/dev/null; then apt_install curl; fi
  if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    apt_install_no_start nginx
  fi
  say "nginx and curl are installed"
fi

# --- Test tools (./test.sh) -----------------------------------------------------
# deploy-tests renders the Kubernetes overlays with `kubectl kustomize` (Debian: kubernetes-client)
# and makes TLS material with openssl; e2e-tests run the stack on a Redis Sentinel of its own
# (Debian: redis-sentinel). The acceptance tests install their browser themselves
# (acceptance-tests/install-browser.sh) on first use.
if [ "$WITH_TEST_TOOLS" = 1 ]; then
  if ! command -v kubectl >/dev/null && [ -z "${KUBECTL:-}" ]; then
    apt_install kubernetes-client || fail "Could not install kubectl: install it (any version from 1.20) or set KUBECTL=/path/to/kubectl."
  fi
  if ! command -v openssl >/dev/null; then apt_install openssl; fi
  if ! command -v redis-sentinel >/dev/null; then apt_install_no_start redis-sentinel; fi
  say "kubectl, openssl and redis-sentinel are installed"
fi
