#!/usr/bin/env bash
# The whole test suite on a fresh machine: set-up, the browser the dashboard tests drive, then pytest.
# Extra arguments go to pytest (e.g. -m "not slow").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install Debian's chromium; browser tests will be skipped" >&2
  else
    echo "warning: chromium is not installed; browser tests will be skipped" >&2
  fi
fi
exec .venv/bin/python -m pytest -n 2 "$@"
