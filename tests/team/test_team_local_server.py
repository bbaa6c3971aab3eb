"""`bash scripts/team-server.sh FOLDER` a second time (after --stop) reset the lead's password, and
the lead's next sync was refused (a tester had to repair it in psql). A restart keeps it."""

from __future__ import annotations

import shutil
import socket
import tempfile
from pathlib import Path

import psycopg
import pytest

from desktop_app.team import localserver


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_restart_keeps_the_leads_password(capsys: pytest.CaptureFixture[str]) -> None:
    # under /tmp as the session's server is: the server runs as its own user, who cannot enter
    # pytest's private temporary folders
    root = Path(tempfile.mkdtemp(prefix="vd-team-restart-", dir="/tmp"))
    folder, port = root, str(_free_port())
    try:
        assert localserver.main([str(folder), "--port", port]) == 0
        first = capsys.readouterr().out
        password = first.split("VOUCHER_DESK_TEAM_PASSWORD='", 1)[1].split("'", 1)[0]
        conninfo = f"host=127.0.0.1 port={port} dbname=voucher_team user=lead"
        with psycopg.connect(conninfo, password=password) as conn:
            assert conn.execute("SELECT current_user").fetchone() == ("lead",)
        assert localserver.main([str(folder), "--stop"]) == 0
        assert localserver.main([str(folder), "--port", port]) == 0
        again = capsys.readouterr().out
        assert "running again" in again and "VOUCHER_DESK_TEAM_PASSWORD" not in again
        with psycopg.connect(conninfo, password=password) as conn:  # the same password still works
            assert conn.execute("SELECT current_user").fetchone() == ("lead",)
    finally:
        localserver.main([str(folder), "--stop"])
        shutil.rmtree(root, ignore_errors=True)
