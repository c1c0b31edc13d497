#!/usr/bin/env bash
# The main job on the embedded default: set up, build the knowledge base from the bundled registry and
# sample news into a local SQLite file, print where the pandas are today, and serve the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/pandawatch demo "$@"
