#!/usr/bin/env bash
# Idempotent set-up on a fresh machine: a virtual environment with the locked dependencies, the package
# itself (editable), and the front-end assets from npm. Re-running it does only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
extras=${1:-}   # "dev" also installs the test tools

[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=.venv/.installed${extras:+-$extras}
if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e ".${extras:+[$extras]}"
  touch "$stamp"
fi

if [ -f package-lock.json ] && { [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; }; then
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules
fi
