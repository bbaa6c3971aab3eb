"""The interactive command line, on a pseudo-terminal: the passphrase is asked (twice when it is
set), and a client conflict is asked too — cancelling it exits 1 with nothing written."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"
SECRET = "터미널에서 정한 암호"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def _on_tty(base: Path, *args: str, dialogue: tuple[tuple[str, str], ...] = ()) -> tuple[int, str]:
    """Run the CLI on a pseudo-terminal; answer each prompt once it has appeared."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VOUCHER_DESK", "PYTHON_KEYRING"))}
    env.update(VOUCHER_DESK_HOME=str(base), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
               PYTHONUTF8="1")
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "desktop_app", *args], stdin=slave, stdout=slave,
                            stderr=slave, env=env, cwd=ROOT, start_new_session=True)
    os.close(slave)
    seen, pending, deadline = b"", list(dialogue), time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
            if pending and pending[0][0].encode() in seen:
                prompt, answer = pending.pop(0)
                seen = seen.replace(prompt.encode(), b"[" + prompt.encode() + b"]", 1)
                os.write(master, answer.encode() + b"\r")
            if proc.poll() is not None and not ready:
                break
    finally:
        os.close(master)
    return proc.wait(timeout=30), seen.decode("utf-8", "replace")


def test_passphrase_and_conflict_prompts(tmp_path: Path) -> None:
    base, out = tmp_path / "desk", tmp_path / "p.vdpkg"
    code, text = _on_tty(base, "clients", "add", "주식회사 비전팩토리", "--brn", "314-81-02134")
    assert code == 0, text
    code, text = _on_tty(base, "apps", "new", "ai-data-voucher@2020", "--client", "1", "--answers",
                         str(SAMPLE), dialogue=(("New passphrase:", SECRET),
                                                ("New passphrase (again):", SECRET)))
    assert code == 0 and "no OS keyring works here" in text, text
    code, text = _on_tty(base, "export", "1", "-o", str(out), dialogue=(("Passphrase:", SECRET),))
    assert code == 0 and out.is_file(), text
    code, text = _on_tty(base, "import", str(out), dialogue=(("[c]ancel?", "c"),))
    assert code == 1 and "import cancelled; nothing was written" in text, text
    code, text = _on_tty(base, "import", str(out), dialogue=(("[c]ancel?", "b"), ("Passphrase:", SECRET)))
    assert code == 0 and text.strip().splitlines()[-1].strip() == "2", text
    code, text = _on_tty(base, "apps", "new", "ai-data-voucher@2020", "--answers", str(SAMPLE),
                         dialogue=(("Passphrase:", "틀린 암호문장입니다"),))
    assert code == 2 and "wrong passphrase" in text, text
