#!/usr/bin/env bash
# Idempotent set-up on a fresh machine: a virtual environment with the locked dependencies, the package
# itself (editable), and the front-end assets from npm. Re-running it does only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
extras=${1:-}   # "dev" also installs the test tools

[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=.venv/.installed${extras:+-$extras}
if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ] || [ requirements-nodeps.lock -nt "$stamp" ] \
   || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -r requirements-nodeps.lock
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e ".${extras:+[$extras]}"
  touch "$stamp"
fi

if [ -f package-lock.json ] && { [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; }; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --no-audit --no-fund --loglevel=error
    touch node_modules
  else  # the CLI and the API work without them; the dashboard's map, fonts and /docs need them
    echo "warning: npm not found: the dashboard's front-end files (map, CJK font, API docs) are not installed" >&2
  fi
fi
