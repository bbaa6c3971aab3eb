"""The fixture script a form author runs (forms/README.md, step 4): `--help` explains and writes
nothing (it used to rewrite every fixture), a plain run writes only what a sample names and is
missing, and its list comes from the samples, not from a hand-kept list of forms."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "fixtures" / "make_attachments.py"
FOLDER = SCRIPT.parent


def _stamps() -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in FOLDER.rglob("*") if p.is_file()}


def test_help_writes_nothing() -> None:
    before = _stamps()
    done = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, check=True)
    assert "--force" in done.stdout and "FOLDER" in done.stdout
    assert _stamps() == before


def test_a_plain_run_keeps_what_exists_and_every_named_file_exists() -> None:
    before = _stamps()
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, check=True)
    assert done.stdout == ""
    assert _stamps() == before
    sys.path.insert(0, str(FOLDER))
    import make_attachments

    named = make_attachments.wanted()
    assert named and all(path.is_file() for path in named)
    new = {"manufacturing-innovation-voucher-2024", "contactless-service-voucher-2021"}
    assert {p.parent.name for p in named} >= new
