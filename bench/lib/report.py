#!/usr/bin/env python3
"""Turns a bench/run.sh work folder (results.jsonl, meta.json, rss-idle.txt) into the Markdown
results page: machine, headline ratios to Keycloak, targets, then every measured run."""
import json
import sys
from collections import defaultdict
from pathlib import Path

work = Path(sys.argv[1])
meta = json.loads((work / "meta.json").read_text())
rows = [json.loads(l) for l in (work / "results.jsonl").read_text().splitlines() if l.strip()] \
    if (work / "results.jsonl").exists() else []
idle = {}
if (work / "rss-idle.txt").exists():
    for line in (work / "rss-idle.txt").read_text().splitlines():
        name, kb = line.split()
        idle[name] = int(kb)

DESCRIPTION = {
    "cc16": "client_credentials, client_secret_basic, 16 connections",
    "cc64": "client_credentials, client_secret_basic, 64 connections",
    "cc16_rs256": "client_credentials with our token-service restarted to sign access tokens with RS256, as Keycloak does, after an unrecorded warm-up; A B against Keycloak's cc16 measured again in the same phase, 16 connections",
    "refresh16": "refresh_token with rotation on (each token single-use, chained per connection), 16 connections",
    "code_session16": "authorization code + PKCE, user logged in, consent remembered: /authorize then /token (throughput per flow, latency per request), 16 users, wrk",
    "code_login16": "authorization code + PKCE with a fresh login and remembered consent (per flow), 16 users",
    "introspect16": "RFC 7662 introspection over HTTP, 64 distinct access tokens, 16 connections",
    "grpc_unary16": "our gRPC introspection, unary, 16 in flight (Keycloak: its HTTP introspection)",
    "grpc_stream16": "our gRPC introspection, one stream per slot, 16 in flight (Keycloak: its HTTP introspection)",
    "jwks16": "JWKS document, 16 connections",
    "discovery16": "OpenID Provider metadata, 16 connections",
}
# scenario -> (Keycloak reference scenario, throughput target, CPU ratio target, p99 limit ms)
TARGETS = {
    "cc16": ("cc16", 5, 5, 10),
    "cc64": ("cc64", 5, 5, None),
    "cc16_rs256": ("cc16_rs256", 2, None, None),
    "refresh16": ("refresh16", 3, None, None),
    "code_session16": ("code_session16", 3, None, None),
    "code_login16": ("code_login16", 3, None, None),
    "introspect16": ("introspect16", 3, None, 10),
    "grpc_unary16": ("introspect16", 10, None, 10),
    "grpc_stream16": ("introspect16", 10, None, 10),
    "jwks16": ("jwks16", None, None, None),
    "discovery16": ("discovery16", None, None, None),
}
FLOW_SCENARIOS = {"code_session16", "code_login16"}


def unit_count(r):
    return r["flows"] if r["scenario"] in FLOW_SCENARIOS else r["requests"]


def summarise(runs):
    """Mean throughput and CPU per 1k units over the rounds, worst p99, summed errors."""
    ok = [r for r in runs if not r.get("na")]
    if not ok:
        return None
    rate = sum(unit_count(r) / (r["duration_us"] / 1e6) for r in ok) / len(ok)
    units = sum(unit_count(r) for r in ok)
    cpu = sum(r["cpu_s"] for r in ok)
    return {
        "rate": rate,
        "req_rate": sum(r["requests"] / (r["duration_us"] / 1e6) for r in ok) / len(ok),
        "cpu_per_1k": 1000 * cpu / units if units else float("nan"),
        "p50": sum(r["p50_us"] for r in ok) / len(ok) / 1000,
        "p99": max(r["p99_us"] for r in ok) / 1000,
        "errors": sum(r["bad"] + r["socket_errors"] for r in ok),
        "rss": max(r.get("rss_load_kb", 0) for r in ok),
        "rounds": len(ok),
    }


by = defaultdict(list)
notes = {}
for r in rows:
    by[(r["scenario"], r["target"])].append(r)
    if r.get("na"):
        notes[(r["scenario"], r["target"])] = r["note"]
scenarios = []
for r in rows:
    if r["scenario"] not in scenarios:
        scenarios.append(r["scenario"])
S = {k: summarise(v) for k, v in by.items()}


def per_req(r, key):
    if key not in r or not r["requests"]:
        return ""
    return f"{r[key] / r['requests']:.2f}"


def fmt(x, digits=0):
    if x is None:
        return "-"
    return f"{x:,.{digits}f}"


def na(scenario, target):
    note = notes.get((scenario, target), "not run")
    return f"n/a ({note})"


out = []
w = out.append
w(f"# Portcullis vs Keycloak {meta['kc']}: {meta['date']}, commit `{meta['commit']}`")
w("")
w(f"Produced by `bench/run.sh`{' --quick' if meta['quick'] == '1' else ''} (started {meta['started']}): "
  f"{meta['rounds']} round(s) A B A B per scenario, {meta['warmup']} s warm-up + {meta['duration']} s measured "
  f"per run. How to read it and what each scenario does: [bench/README.md](../README.md).")
w("")
w("| machine | |")
w("|---|---|")
w(f"| CPU | {meta['nproc']} × {meta['model']} |")
w(f"| memory | {meta['mem']} |")
w(f"| Portcullis JDK | {meta['jdk_ours']} |")
w(f"| Keycloak JDK | {meta['jdk_kc']} |")
w(f"| commit | `{meta['full']}` |")
w(f"| load average (1/5/15 min) before / after | {meta['load_before']} / {meta['load_after']} |")
w(f"| signing | Portcullis: {meta['pc_alg'] or '?'}; Keycloak: {meta['kc_alg'] or '?'} |")
w(f"| password hashing | Portcullis: {meta['pc_hash'] or '?'}; Keycloak: {meta['kc_hash'] or '?'} |")
w(f"| heap | Portcullis: {meta['pc_heap'] or 'JVM defaults'}; Keycloak: {meta['kc_heap']} |")
w("")
loads = [float(meta["load_before"].split()[0]), float(meta["load_after"].split()[0])]
loads += [float(r["loadavg"].split()[0]) for r in rows if r.get("loadavg")]
if loads and max(loads) > int(meta["nproc"]):
    w(f"**The machine was saturated during this run**: the 1-minute load average reached {max(loads):.1f} "
      f"(median {sorted(loads)[len(loads) // 2]:.1f}) on {meta['nproc']} cores: the load generator shares the "
      f"cores with the server under test (and with anything else running on the machine). Absolute requests per second and latencies are depressed and "
      f"noisy for both servers alike; the ratios from the same round and the CPU seconds per request "
      f"(which count only the servers' own processes) are the figures to read.")
    w("")
w("## Headline: Portcullis relative to Keycloak, same run")
w("")
w("Throughput ratio = ours / Keycloak (higher is better). CPU ratio = Keycloak's CPU seconds per "
  "1,000 requests / ours (how many times less CPU we spend; higher is better). CPU counts every "
  "server process (see README). Code-flow rows count whole flows (throughput and CPU); their latency is per flow for `code_login16` and per request for `code_session16` (wrk).")
w("")
w("| scenario | Portcullis /s | Keycloak /s | throughput ratio | CPU s per 1k: ours / Keycloak | CPU ratio | p99 ms ours / Keycloak | errors ours / Keycloak |")
w("|---|---:|---:|---:|---:|---:|---:|---:|")
verdicts = []
for sc in scenarios:
    ref = TARGETS.get(sc, (sc, None, None, None))
    o = S.get((sc, "portcullis"))
    k = S.get((ref[0], "keycloak"))
    ref_note = "" if ref[0] == sc else f" (vs Keycloak {ref[0]})"
    if o is None and k is None:
        continue
    cells = [f"`{sc}`{ref_note}"]
    cells.append(fmt(o["rate"]) if o else na(sc, "portcullis"))
    cells.append(fmt(k["rate"]) if k else na(ref[0], "keycloak"))
    thr = o["rate"] / k["rate"] if o and k and k["rate"] else None
    cpu = k["cpu_per_1k"] / o["cpu_per_1k"] if o and k and o["cpu_per_1k"] else None
    cells.append(f"**{thr:.2f}x**" if thr else "-")
    cells.append(f"{fmt(o['cpu_per_1k'], 2) if o else '-'} / {fmt(k['cpu_per_1k'], 2) if k else '-'}")
    cells.append(f"**{cpu:.2f}x**" if cpu else "-")
    cells.append(f"{fmt(o['p99'], 1) if o else '-'} / {fmt(k['p99'], 1) if k else '-'}")
    cells.append(f"{o['errors'] if o else '-'} / {k['errors'] if k else '-'}")
    w("| " + " | ".join(cells) + " |")
    _, t_thr, t_cpu, t_p99 = ref
    if t_thr:
        if thr is None:
            verdicts.append(f"- `{sc}` throughput ≥ {t_thr}x: **not measured** ({notes.get((sc, 'portcullis'), notes.get((ref[0], 'keycloak'), 'missing'))})")
        else:
            verdicts.append(f"- `{sc}` throughput ≥ {t_thr}x: {'**met**' if thr >= t_thr else '**missed**'} ({thr:.2f}x)")
    if t_cpu:
        if cpu is None:
            verdicts.append(f"- `{sc}` CPU per request ≤ 1/{t_cpu} of Keycloak's: **not measured**")
        else:
            verdicts.append(f"- `{sc}` CPU per request ≤ 1/{t_cpu} of Keycloak's: {'**met**' if cpu >= t_cpu else '**missed**'} ({cpu:.2f}x less)")
    if t_p99 and o:
        verdicts.append(f"- `{sc}` p99 < {t_p99} ms: {'**met**' if o['p99'] < t_p99 else '**missed**'} ({o['p99']:.1f} ms)")
    if o and o["errors"]:
        verdicts.append(f"- `{sc}`: Portcullis had **{o['errors']} errors** (must be 0)")
    if k and k["errors"] and ref[0] == sc:
        verdicts.append(f"- `{sc}`: Keycloak had **{k['errors']} errors**")

pc_rss = max((v["rss"] for (s, t), v in S.items() if v and t == "portcullis"), default=0)
kc_rss = max((v["rss"] for (s, t), v in S.items() if v and t == "keycloak"), default=0)
if pc_rss and kc_rss:
    verdicts.append(f"- resident memory under load ≤ Keycloak's: {'**met**' if pc_rss <= kc_rss else '**missed**'} "
                    f"({pc_rss / 1024:.0f} MiB vs {kc_rss / 1024:.0f} MiB, ratio {kc_rss / pc_rss:.2f}x)")
w("")
w("## Targets")
w("")
out.extend(verdicts or ["- nothing to compare"])
w("")
w("## Memory and start-up")
w("")
w("| | Portcullis (4 JVMs + nginx + Redis) | Keycloak (its JVM) |")
w("|---|---:|---:|")
w(f"| resident memory idle, MiB | {fmt(idle.get('portcullis', 0) / 1024)} | {fmt(idle.get('keycloak', 0) / 1024)} |")
w(f"| resident memory under load (max over the runs), MiB | {fmt(pc_rss / 1024)} | {fmt(kc_rss / 1024)} |")
w(f"| start-up to ready, s (migrated database) | {meta['pc_start'] or '-'} | {meta['kc_start'] or '-'} |")
w("")
if meta.get("pc_notes"):
    w(f"Notes: {meta['pc_notes']}")
    w("")
w("## Every run")
w("")
w("| scenario | server | round | req/s | flows/s | p50 ms | p99 ms | errors | CPU s | CPU s per 1k | Redis cmds/req | PG xacts/req | RSS MiB | load avg |")
w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for r in rows:
    if r.get("na"):
        w(f"| `{r['scenario']}` | {r['target']} | {r['round']} | n/a ({r['note']}) | | | | | | | | | | |")
        continue
    secs = r["duration_us"] / 1e6
    units = unit_count(r)
    flows = f"{r['flows'] / secs:,.0f}" if r["scenario"] in FLOW_SCENARIOS else ""
    w(f"| `{r['scenario']}` | {r['target']} | {r['round']} | {r['requests'] / secs:,.0f} | {flows} | "
      f"{r['p50_us'] / 1000:.2f} | {r['p99_us'] / 1000:.2f} | {r['bad'] + r['socket_errors']} | "
      f"{r['cpu_s']:.2f} | {1000 * r['cpu_s'] / units if units else float('nan'):.3f} | "
      f"{per_req(r, 'redis_calls')} | {per_req(r, 'pg_xacts')} | {r['rss_load_kb'] / 1024:,.0f} | {r['loadavg']} |")
w("")
w("Scenario descriptions:")
w("")
for sc in scenarios:
    w(f"- `{sc}`: {DESCRIPTION.get(sc, sc)}")
extra = work / "analysis.md"
if extra.exists():
    w("")
    w(extra.read_text())
print("\n".join(out))
