#!/usr/bin/env bash
# Set up everything, then run the whole check: ruff, import-linter, mypy (strict on desktop_app/ and ui/), pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
echo "== ruff"
.venv/bin/ruff check .
echo "== import-linter (layer contracts, docs/architecture.md)"
.venv/bin/lint-imports
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
.venv/bin/pytest -q "$@"
