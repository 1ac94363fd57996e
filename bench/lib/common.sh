# Measurement helpers shared by bench/run.sh and the per-target files. Sourced, not run.

say() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[31m[bench] %s\033[0m\n' "$*" >&2; exit 1; }

# SQL as the PostgreSQL superuser (trust over TCP locally, else the socket as postgres).
pg_super() {
  if psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1 </dev/null; then
    psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -tAq "$@"
  else
    runuser -u postgres -- psql -d postgres -v ON_ERROR_STOP=1 -tAq "$@"
  fi
}

# Every pid holding a listening TCP socket on 127.0.0.1/0.0.0.0:PORT (nginx: master and workers).
port_pids() {
  { ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u; } || true
}

# The PostgreSQL backends serving one database right now (connection pools keep them open).
pg_backend_pids() {
  pg_super -c "select pid from pg_stat_activity where datname = '$1' and pid <> pg_backend_pid()" 2>/dev/null || true
}

# utime + stime of one pid in clock ticks, or nothing when it is gone.
pid_ticks() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  stat=${stat##*) }
  # shellcheck disable=SC2086
  set -- $stat
  echo $(( ${12} + ${13} ))
}

# Snapshot "pid ticks" lines for the pids read from stdin.
cpu_snapshot() {
  local pid t
  while read -r pid; do
    [ -n "$pid" ] || continue
    t=$(pid_ticks "$pid")
    [ -n "$t" ] && echo "$pid $t"
  done
}

# CPU seconds between two snapshots: pids in both count the difference; pids only in the
# second started during the window and count all they used; pids gone by the end are lost
# (rare: pooled PostgreSQL connections stay open).
cpu_seconds_between() {
  awk -v hz="$(getconf CLK_TCK)" 'NR==FNR { before[$1]=$2; next }
    { if ($1 in before) sum += $2 - before[$1]; else sum += $2 }
    END { printf "%.3f\n", sum / hz }' "$1" "$2"
}

# Sum of VmRSS (KiB) over the pids read from stdin.
rss_kb() {
  local pid total=0 v
  while read -r pid; do
    [ -n "$pid" ] || continue
    v=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
    total=$(( total + ${v:-0} ))
  done
  echo "$total"
}

# Samples the RSS of "$1" (a function printing pids) every second into file $2, keeping the
# maximum, until killed.
rss_sampler() {
  local fn="$1" out="$2" max=0 v
  while true; do
    v=$("$fn" | rss_kb)
    [ "$v" -gt "$max" ] && max=$v && echo "$max" >"$out"
    sleep 1
  done
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# Total commands Redis on port $1 has executed (INFO commandstats), or 0 when it is not there.
redis_calls() {
  redis-cli -p "$1" info commandstats 2>/dev/null | tr -d '\r' \
    | awk -F'[:=,]' '/^cmdstat_/ && $2 != "info" { for (i = 2; i <= NF; i++) if ($i == "calls") s += $(i + 1) } END { print s + 0 }'
}

# Transactions committed and rolled back in database $1 (pg_stat_database; flushed by the
# backends within about a second, so short windows are approximate).
pg_xacts() {
  pg_super -c "select xact_commit + xact_rollback from pg_stat_database where datname = '$1'" 2>/dev/null || echo 0
}

# The signing algorithm in the header of a JWT read from stdin.
jwt_alg() {
  local h; h=$(cut -d. -f1 | tr '_-' '/+')
  while [ $(( ${#h} % 4 )) != 0 ]; do h="$h="; done
  base64 -d <<<"$h" 2>/dev/null | jq -r .alg
}
