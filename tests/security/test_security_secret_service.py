"""The real thing on Linux: the data key in the Secret Service (gnome-keyring under a private
D-Bus session), written by one process and read by another. Skipped, with the reason, where
`dbus-run-session` or `gnome-keyring-daemon` is missing (Debian: dbus-daemon, gnome-keyring;
scripts/setup.sh installs them) or the daemon cannot start here.

`gnome-keyring-daemon --unlock` reads the login password from stdin; an empty one creates no
login collection and every write then fails with "Prompt dismissed" (no display for the
prompter), so a non-empty password is piped in."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent / "secret_service_session.py"
NEEDED = ("dbus-run-session", "gnome-keyring-daemon")


def _in_session(tmp_path: Path, *steps: list[str]) -> subprocess.CompletedProcess[str]:
    """One D-Bus session: unlock a fresh login keyring, then run each step in its own process."""
    python = shlex.quote(sys.executable)
    commands = " && ".join(f"{python} {shlex.quote(str(SCRIPT))} {shlex.join(step)}" for step in steps)
    shell = ("printf %s voucher-desk-test | gnome-keyring-daemon --unlock --components=secrets "
             f">/dev/null && {commands}")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DBUS_", "PYTHON_KEYRING", "VOUCHER_DESK", "GNOME_KEYRING"))}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_RUNTIME_DIR=str(home / "run"),
               XDG_CACHE_HOME=str(home / "cache"))
    (home / "run").mkdir(mode=0o700, exist_ok=True)
    return subprocess.run(["dbus-run-session", "--", "sh", "-c", shell], capture_output=True,
                          text=True, timeout=60, env=env)


def test_the_data_key_lives_in_the_secret_service(tmp_path: Path) -> None:
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (Debian packages dbus-daemon and "
                    "gnome-keyring; scripts/setup.sh installs them)")
    probe = _in_session(tmp_path, ["probe"])
    if probe.returncode != 0 or "SecretService" not in probe.stdout:
        reason = (probe.stderr.strip().splitlines() or ["no output"])[-1]
        pytest.skip(f"gnome-keyring cannot run a Secret Service here: {reason}")
    db = tmp_path / "data" / "voucher-desk.sqlite3"
    written = _in_session(tmp_path, ["write", str(db)])
    assert written.returncode == 0, written.stdout + written.stderr
    app = written.stdout.split("app ")[1].split()[0]
    # a new session of the same keyring (its file persists under HOME), a new process
    read = _in_session(tmp_path, ["read", str(db), app])
    assert read.returncode == 0, read.stdout + read.stderr
    assert "read 1983-09-02" in read.stdout
