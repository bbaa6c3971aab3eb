"""MUST SHOW: an encrypted package moved between two data folders with the CLI (subprocesses),
on a machine without an OS keyring (keyring's `fail` backend, as on headless Linux): each side
protects its own database with its own passphrase; the package has a third one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"
CERT = ROOT / "tests" / "fixtures" / "answers" / "attachments" / "ai-data-voucher-2020" / "brn-certificate.pdf"
BIRTH, MOBILE = "1983-09-02", "010-4821-7730"   # sensitive answers of the sample


def _cli(base: Path, *args: str, passphrase: str, package: str | None = None
         ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VOUCHER_DESK", "PYTHON_KEYRING"))}
    env.update(VOUCHER_DESK_HOME=str(base), VOUCHER_DESK_PASSPHRASE=passphrase,
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", PYTHONUTF8="1")
    if package is not None:
        env["VOUCHER_DESK_PACKAGE_PASSPHRASE"] = package
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, timeout=120)


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _raw(base: Path) -> bytes:
    data = base / "data"
    return b"".join(p.read_bytes() for p in data.glob("voucher-desk.sqlite3*"))


def test_encrypted_package_moves_between_two_data_folders(tmp_path: Path) -> None:
    consultant, client = tmp_path / "consultant", tmp_path / "client"
    mine, theirs, hand_off = "상담사 데이터 암호", "고객사 데이터 암호", "전달용 패키지 암호"
    out = tmp_path / "비전팩토리.vdpkg"

    # the consultant fills an application for a client from the sample, attaches a certificate
    company = _ok(_cli(consultant, "clients", "add", "주식회사 비전팩토리", "--brn", "314-81-02134",
                       "--set", f"company.representative_birth={BIRTH}", passphrase=mine))
    app = _ok(_cli(consultant, "apps", "new", "ai-data-voucher@2020", "--client", company,
                   "--answers", str(SAMPLE), passphrase=mine))
    _ok(_cli(consultant, "apps", "attach", app, "brn_certificate", str(CERT), passphrase=mine))
    exported = _ok(_cli(consultant, "export", app, "-o", str(out), "--encrypt", passphrase=mine,
                        package=hand_off))
    assert "encrypted" in exported and out.is_file()
    package = out.read_bytes()
    for secret in (BIRTH, MOBILE, "비전팩토리", "314-81-02134"):
        assert secret.encode() not in package
    assert BIRTH.encode() not in _raw(consultant)

    # the client's side: the database passphrase is not the package's
    wrong = _cli(client, "import", str(out), passphrase=theirs)
    assert wrong.returncode == 2
    assert "wrong passphrase for this package" in wrong.stderr and "Traceback" not in wrong.stderr
    imported = _ok(_cli(client, "import", str(out), passphrase=theirs, package=hand_off))
    shown = json.loads(_ok(_cli(client, "apps", "show", imported, "--json", passphrase=theirs)))
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))["answers"]
    assert shown["form"] == "ai-data-voucher@2020"
    assert shown["answers"]["representative_birth"] == BIRTH
    assert shown["answers"]["contact_mobile"] == MOBILE
    assert shown["answers"]["datasets"] == sample["datasets"]
    attached = shown["attachments"]["brn_certificate"]  # the sample's file and the one attached
    assert len(attached) == 2 and CERT.read_bytes() in [Path(p).read_bytes() for p in attached]
    assert all(Path(p).is_relative_to(client) for p in attached)
    assert BIRTH.encode() not in _raw(client) and MOBILE.encode() not in _raw(client)

    profile = json.loads(_ok(_cli(client, "clients", "show", str(shown["application"]["client_id"]),
                                  "--json", passphrase=theirs)))["profile"]
    assert profile["company.representative_birth"] == BIRTH

    # the same package again: said so, its application named, nothing written
    same = _cli(client, "import", str(out), passphrase=theirs, package=hand_off)
    assert same.returncode == 0 and same.stdout.strip() == imported.strip()
    assert "the same package was imported already" in same.stderr
    # a copy asked for: the client exists (same 사업자등록번호) — choose, or be refused
    again = _cli(client, "import", str(out), "--again", passphrase=theirs, package=hand_off)
    assert again.returncode == 2 and "--client-conflict keep" in again.stderr
    kept = _cli(client, "import", str(out), "--again", "--client-conflict", "keep", passphrase=theirs,
                package=hand_off)
    assert kept.returncode == 0 and "keep (same 사업자등록번호)" in kept.stderr

    # with a wrong database passphrase the rest still opens, with a plain warning
    locked = _cli(client, "apps", "show", imported, "--json", passphrase="틀린 데이터 암호")
    assert locked.returncode == 0 and "wrong passphrase" in locked.stderr
    assert "representative_birth" not in json.loads(locked.stdout)["answers"]


def test_cli_import_refusals_and_answer_files(tmp_path: Path) -> None:
    base, secret = tmp_path / "desk", "데이터 보호 암호문장"
    junk = tmp_path / "junk.vdpkg"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    refused = _cli(base, "import", str(junk), passphrase=secret)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "not a readable zip archive" in refused.stderr

    app = _ok(_cli(base, "apps", "new", "ai-data-voucher@2020", "--answers", str(SAMPLE), passphrase=secret))
    answers = tmp_path / "answers.json"
    _cli_out = _cli(base, "export", app, "-o", str(answers), passphrase=secret)
    assert _cli_out.returncode == 0 and "representative_birth: sensitive, left out" in _cli_out.stderr
    assert BIRTH not in answers.read_text(encoding="utf-8")
    again = _ok(_cli(base, "import", str(answers), passphrase=secret))
    assert again != app
    both = _cli(base, "import", str(answers), "--client-conflict", "keep", passphrase=secret)
    assert both.returncode == 2 and "--client-conflict is for packages" in both.stderr
