#!/usr/bin/env bash
# Idempotent set-up shared by start.sh and test.sh: system libraries, virtual environment,
# Python packages and the bundled Korean font. Re-running it is cheap (stamp files).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "voucher-desk needs Python 3.11 or newer (found: $("$PY" --version 2>&1))." >&2
  exit 2
fi

# --- System libraries (Debian/Ubuntu). Qt's runtime libraries, Xvfb for a virtual screen,
# poppler-utils for PDF page checks, gnome-keyring + dbus-daemon for the real Secret Service test
# (tests/security), postgresql for the team server (tests/team start their own with
# initdb + pg_ctl from /usr/lib/postgresql/*/bin), gcc for the power-cut test's LD_PRELOAD shim
# (tests/storage/powercut_shim.c). Only installed when missing.
SYSTEM_PACKAGES="libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfreetype6 libfontconfig1 libdbus-1-3
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  poppler-utils xvfb xauth
  gnome-keyring dbus-daemon
  postgresql
  gcc libc6-dev"
if command -v dpkg-query >/dev/null 2>&1; then
  missing=""
  for p in $SYSTEM_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
    if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
      echo "Installing system packages:$missing"
      $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
      $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
    else
      echo "Missing system packages (install them as root):$missing" >&2
    fi
  fi
fi

# --- Virtual environment and Python packages (re-installed only when pyproject.toml changes).
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.voucher-desk-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[dev]"
  echo "$want" > "$stamp"
fi

# --- Korean font (NanumGothic TTF, OFL) from PyPI into resources/fonts/.
.venv/bin/python scripts/fetch_font.py
