#!/usr/bin/env bash
# Everything the benchmarks compare against, on a fresh machine (after scripts/setup.sh):
# LibreOffice Writer for benchmarks/pdf.py's whole-process comparison and python-docx to write
# the same content as a DOCX. Idempotent; nothing here is needed by the app or the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

SYSTEM_PACKAGES="libreoffice-writer-nogui"
if command -v dpkg-query >/dev/null 2>&1; then
  missing=""
  for p in $SYSTEM_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
    echo "Installing the benchmark anchors:$missing"
    $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
    $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi
command -v libreoffice >/dev/null 2>&1 || command -v soffice >/dev/null 2>&1 || {
  echo "LibreOffice is still missing: install libreoffice-writer-nogui by hand" >&2; exit 2; }

.venv/bin/python -m pip install -q -e ".[dev,bench]"
.venv/bin/python -c "import docx" || { echo "python-docx did not install" >&2; exit 2; }
echo "benchmark anchors ready: $(libreoffice --version 2>/dev/null | head -1), python-docx $(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("python-docx"))')"
