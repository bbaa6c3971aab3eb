"""Key recovery through the commands as typed (issue 14): a lost keyring entry is recoverable
with the recovery key made once, backups included; a wrong or mistyped key is refused (exit 2,
nothing changed); where no recovery was made, every message says so plainly."""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import keyring
import pytest
from memory_keyring import MemoryKeyring

from desktop_app.cli import main
from desktop_app.security.recovery import new_recovery_key

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"
BIRTH, MOBILE = "1983-09-02", "010-4821-7730"   # the sample's sensitive answers
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(base_dir: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """`voucher-desk ARGS…` in this process (the keyring is this process's memory keyring)."""
    def call(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return call


def _keyring() -> MemoryKeyring:
    backend = keyring.get_keyring()
    assert isinstance(backend, MemoryKeyring)
    return backend


def _answers(run: Run, app: str) -> dict[str, object]:
    code, out, err = run("apps", "show", app, "--json")
    assert code == 0, err
    answers = json.loads(out)["answers"]
    assert isinstance(answers, dict)
    return answers


def test_a_lost_keyring_entry_comes_back_with_the_recovery_key(run: Run, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    code, app, err = run("apps", "new", "ai-data-voucher@2020", "--answers", str(SAMPLE))
    app = app.strip()
    assert code == 0, err
    assert "key recovery-setup" in err  # the key was just made: the offer, said at once
    code, out, _ = run("key", "status")
    assert code == 0 and "NOT recoverable" in out
    old_backup = tmp_path / "before-recovery.sqlite3"
    assert run("backup", "-o", str(old_backup))[0] == 0

    saved = tmp_path / "recovery-key.txt"
    code, out, err = run("key", "recovery-setup", "-o", str(saved))
    assert code == 0, err
    shown = out.strip()
    assert len(shown) == 39 and shown.count("-") == 7
    assert shown in saved.read_text(encoding="utf-8")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert "shown only now" in err
    code, out, _ = run("key", "status", "--json")
    assert json.loads(out)["recovery"] == "key"
    new_backup = tmp_path / "after-recovery.sqlite3"
    assert run("backup", "-o", str(new_backup))[0] == 0
    with sqlite3.connect(f"file:{new_backup}?mode=ro", uri=True) as conn:  # the backup carries it
        assert conn.execute("SELECT kind FROM key_recovery").fetchall() == [("key",)]
    conn.close()

    _keyring().secrets.clear()  # the OS keyring entry is gone (new profile, reinstalled OS …)
    code, out, err = run("apps", "show", app)
    assert code == 0 and BIRTH not in out
    assert "voucher-desk key recover" in err  # the way back is named
    code, _, err = run("apps", "pdf", app, "-o", str(tmp_path / "out.pdf"))
    assert code == 2 and "representative_birth" in err and "encrypted answers do not open" in err
    assert not (tmp_path / "out.pdf").exists()

    # another database's recovery key, then a typo: refused, nothing changed
    monkeypatch.setenv("VOUCHER_DESK_RECOVERY_KEY", new_recovery_key())
    code, out, err = run("key", "recover")
    assert code == 2 and "does not belong to this database" in err and out == ""
    typo = shown[:-1] + ("A" if shown[-1] != "A" else "B")
    monkeypatch.setenv("VOUCHER_DESK_RECOVERY_KEY", typo)
    code, _, err = run("key", "recover")
    assert code == 2 and "mistyped" in err
    assert _keyring().secrets == {}

    # typed by hand: lower case, spaces instead of dashes
    monkeypatch.setenv("VOUCHER_DESK_RECOVERY_KEY", shown.lower().replace("-", " "))
    code, out, err = run("key", "recover")
    assert code == 0, err
    assert "OS keyring" in out and len(_keyring().secrets) == 1
    answers = _answers(run, app)
    assert answers["representative_birth"] == BIRTH and answers["contact_mobile"] == MOBILE

    # the backup made before the recovery key existed opens too (same key)
    assert run("restore", str(old_backup))[0] == 0
    assert _answers(run, app)["representative_birth"] == BIRTH


def test_recovery_from_the_saved_file_and_a_recovery_passphrase(run: Run, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    code, app, err = run("apps", "new", "ai-data-voucher@2020", "--answers", str(SAMPLE))
    app = app.strip()
    saved = tmp_path / "key.txt"
    assert run("key", "recovery-setup", "-o", str(saved))[0] == 0
    _keyring().secrets.clear()
    code, out, err = run("key", "recover", "--file", str(saved))
    assert code == 0, err
    assert _answers(run, app)["representative_birth"] == BIRTH

    monkeypatch.setenv("VOUCHER_DESK_RECOVERY_KEY", "우리 회사 복구 암호 2026")
    code, _, err = run("key", "recovery-setup", "--passphrase")
    assert code == 0, err
    _keyring().secrets.clear()
    code, _, err = run("key", "recover", "--file", str(saved))  # the old key was retired
    assert code == 2 and "wrong recovery passphrase" in err
    monkeypatch.setenv("VOUCHER_DESK_RECOVERY_KEY", "틀린 복구 암호 2026")
    code, _, err = run("key", "recover")
    assert code == 2 and "wrong recovery passphrase" in err
    monkeypatch.setenv("VOUCHER_DESK_RECOVERY_KEY", "우리 회사 복구 암호 2026")
    monkeypatch.setenv("VOUCHER_DESK_PASSPHRASE", "새 데이터 암호 2026")
    code, out, err = run("key", "recover", "--new-passphrase")
    assert code == 0 and "new passphrase" in out, err
    assert _keyring().secrets == {}  # kept behind the passphrase now, not in the keyring
    assert _answers(run, app)["contact_mobile"] == MOBILE
    monkeypatch.delenv("VOUCHER_DESK_PASSPHRASE")
    code, _, err = run("apps", "show", app)
    assert "passphrase" in err


def test_without_a_recovery_key_it_says_plainly_it_cannot_come_back(run: Run) -> None:
    code, app, _ = run("clients", "add", "(주)비밀", "--set", f"company.representative_birth={BIRTH}")
    client = app.strip()
    assert code == 0
    _keyring().secrets.clear()
    code, out, err = run("clients", "show", client)
    assert code == 0 and BIRTH not in out
    assert "sensitive values are hidden: company.representative_birth" in err
    assert "No recovery key was made, so it cannot be recovered" in err
    code, out, err = run("key", "recover")
    assert code == 2 and "has no recovery key" in err and "cannot be recovered" in err
    code, out, _ = run("key", "status")
    assert "NOT recoverable" in out
