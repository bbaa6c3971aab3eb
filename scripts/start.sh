#!/usr/bin/env bash
# Set up everything, then start Voucher Desk. Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/voucher-desk "$@"
