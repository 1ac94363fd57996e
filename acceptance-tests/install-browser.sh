#!/usr/bin/env bash
# Installs Debian's headless Chromium and its WebDriver (chromium + chromium-driver) when they are
# missing, so the browser scenarios can run on a fresh machine. Safe to run any number of times.
# Exit status 0 means /usr/bin/chromium and /usr/bin/chromedriver are there and run.
set -euo pipefail

say() { printf '[install-browser] %s\n' "$*"; }
fail() { printf '[install-browser] %s\n' "$*" >&2; exit 1; }

present() { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; }

if ! present; then
  command -v apt-get >/dev/null || fail "apt-get not found: install chromium and chromium-driver (Debian packages) yourself."
  as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo -n "$@"
    else fail "Need root (or sudo) to install chromium and chromium-driver: run 'apt-get install -y chromium chromium-driver' as root."; fi
  }
  say "installing chromium and chromium-driver (apt)"
  as_root apt-get update -qq || fail "apt-get update failed: cannot reach Debian's package mirror."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
    || fail "apt-get install chromium chromium-driver failed."
fi
present || fail "chromium or chromedriver still missing under /usr/bin after installing."
/usr/bin/chromedriver --version >/dev/null 2>&1 || fail "/usr/bin/chromedriver does not run."
say "$(/usr/bin/chromium --version 2>/dev/null | head -1); $(/usr/bin/chromedriver --version | head -1)"
