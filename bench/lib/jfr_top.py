#!/usr/bin/env python3
"""Where a JVM spent its CPU in a JFR recording: the hottest leaf methods and, for each sample,
the innermost frame of our own code (dev.portcullis) or of a named library, as shares of all
execution samples. Usage: jfr_top.py recording.jfr [top-n]"""
import collections
import re
import subprocess
import sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
                      capture_output=True, text=True, check=True).stdout
leaf = collections.Counter()
ours = collections.Counter()
area = collections.Counter()
total = 0
AREAS = [
    ("signing/crypto (RSA, SHA, Argon2, HMAC)", re.compile(r"sun\.security|java\.security|javax\.crypto|com\.sun\.crypto|bouncycastle|jose4j\.jws|argon2|BigInteger|MontgomeryMultiply")),
    ("JSON (Jackson, JSON-P, jose4j JSON)", re.compile(r"jackson|jakarta\.json|org\.jose4j\.json|parsson|eclipse\.yasson")),
    ("gRPC / protobuf", re.compile(r"io\.grpc|com\.google\.protobuf")),
    ("Redis client", re.compile(r"io\.vertx\.redis|quarkus\.redis")),
    ("HTTP server (Vert.x, Netty, RESTEasy Reactive)", re.compile(r"io\.netty|io\.vertx\.core|resteasy|jboss\.resteasy|quarkus\.vertx")),
    ("logging", re.compile(r"jboss\.logmanager|org\.jboss\.logging")),
    ("metrics", re.compile(r"micrometer")),
]
for block in text.split("jdk.ExecutionSample")[1:]:
    frames = re.findall(r"^\s+([\w$.<>]+\([^)]*\))\s+line:", block, re.M)
    if not frames:
        continue
    total += 1
    leaf[frames[0]] += 1
    mine = next((f for f in frames if f.startswith("dev.portcullis")), None)
    if mine:
        ours[mine] += 1
    for name, rx in AREAS:
        if any(rx.search(f) for f in frames[:12]):
            area[name] += 1
            break
    else:
        area["other"] += 1
print(f"{total} execution samples in {path}")
print("\nhottest leaf methods:")
for f, n in leaf.most_common(top):
    print(f"  {100 * n / total:5.1f}%  {f}")
print("\ninnermost dev.portcullis frame of each sample:")
for f, n in ours.most_common(top):
    print(f"  {100 * n / total:5.1f}%  {f}")
print("\nby area (first match among the 12 innermost frames):")
for a, n in area.most_common():
    print(f"  {100 * n / total:5.1f}%  {a}")
