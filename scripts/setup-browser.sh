#!/usr/bin/env bash
# Headless Chromium for the console's browser tests (ConsoleIT): the Debian packages chromium and
# chromium-driver, i.e. /usr/bin/chromium and /usr/bin/chromedriver of the same version. Idempotent (a second run
# takes well under a second). Nothing comes from anywhere but apt: the tests give Selenium both paths, so Selenium
# Manager never downloads a browser or a driver.
#
#   scripts/setup-browser.sh          install when missing, then print the versions
#   scripts/setup-browser.sh check    only say whether both are installed (exit 3 when not)
set -euo pipefail

BROWSER=/usr/bin/chromium
DRIVER=/usr/bin/chromedriver

say() { echo "setup-browser: $*" >&2; }
die() { echo "setup-browser: ERROR: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@";
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@";
  else die "need root to run: $* (run this script as root or with passwordless sudo)"; fi
}

installed() { [ -x "$BROWSER" ] && [ -x "$DRIVER" ]; }

# Debian's chromium wrapper script prints a shell warning on some machines; only the version line matters
version_of() { "$1" --version 2>/dev/null | grep -oE '[0-9]+(\.[0-9]+){3}' | head -n 1; }

has_candidate() {
  local cand
  cand=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
  [ -n "$cand" ] && [ "$cand" != "(none)" ]
}

cmd_check() {
  if installed; then
    echo "installed: chromium $(version_of "$BROWSER"), chromedriver $(version_of "$DRIVER")"
  else
    echo "not installed: $BROWSER and $DRIVER (Debian packages chromium, chromium-driver)"
    return 3
  fi
}

cmd_install() {
  if ! installed; then
    command -v apt-get >/dev/null 2>&1 || die "no apt-get: install Chromium and its driver as $BROWSER and $DRIVER"
    if ! has_candidate chromium || ! has_candidate chromium-driver; then
      say "apt-get update"
      as_root apt-get update -qq
    fi
    has_candidate chromium-driver || die "apt has no chromium-driver package (Debian main has it)"
    say "installing chromium chromium-driver (Debian packages)"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends chromium chromium-driver \
      >/dev/null
    installed || die "the packages installed but $BROWSER or $DRIVER is missing"
  fi
  local b d
  b=$(version_of "$BROWSER")
  d=$(version_of "$DRIVER")
  [ -n "$b" ] && [ -n "$d" ] || die "cannot read the versions of $BROWSER ($b) and $DRIVER ($d)"
  [ "${b%%.*}" = "${d%%.*}" ] || die "chromium $b and chromedriver $d differ; upgrade both: apt-get install chromium chromium-driver"
  say "chromium $b and chromedriver $d installed"
}

case "${1:-install}" in
  install) cmd_install ;;
  check) cmd_check ;;
  *) echo "usage: $0 [install|check]" >&2; exit 2 ;;
esac
