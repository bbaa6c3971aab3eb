"""A busy database is said within the 2 s busy timeout, naming who holds it (issue 14): each
open Desk leaves `sessions/open-HOST-PID` with its start and what it is; the message reads them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.storage import health

ROOT = Path(__file__).resolve().parents[2]
HOLD = """
import sys, time
sys.argv = ["voucher-desk", "apps", "set"]  # what the marker says this process is
from desktop_app.service import Desk
desk = Desk.open({db!r}, auto_backup=False)
desk.store.db.execute("BEGIN IMMEDIATE")
print("held", flush=True)
time.sleep(60)
"""


def test_busy_names_the_holder_within_two_seconds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    base = ["--base-dir", str(home)]
    assert main([*base, "apps", "new", "ai-data-voucher"]) == 0
    app_id = capsys.readouterr().out.strip()
    db = home / "data" / "voucher-desk.sqlite3"
    holder = subprocess.Popen([sys.executable, "-c", HOLD.format(db=str(db))], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert any(f"pid {holder.pid}" in h and "voucher-desk apps set" in h for h in health.holders(db))
        start = time.monotonic()
        assert main([*base, "apps", "set", app_id, "project_title", "x"]) == 2
        took = time.monotonic() - start
        err = capsys.readouterr().err
        assert took < 3.0, f"busy said in {took:.1f} s"
        assert "busy, held by: voucher-desk apps set" in err and f"pid {holder.pid}" in err, err
        assert "사용 중입니다" in err
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert health.holders(db) == []  # a killed holder is no longer named
    assert main([*base, "apps", "set", app_id, "project_title", "x"]) == 0
