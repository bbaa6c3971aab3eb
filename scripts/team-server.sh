#!/usr/bin/env bash
# Start a local PostgreSQL for trying team sync: initdb into FOLDER (default ./team-server), pg_ctl
# on port 55432, a team database and its first lead user; prints how to create the team and join.
# Usage: bash scripts/team-server.sh [FOLDER] [--port N] [--db NAME] [--lead NAME] | FOLDER --stop
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
folder=${1:-team-server}
[ $# -gt 0 ] && shift
exec .venv/bin/python -m desktop_app.team.localserver "$folder" "$@"
