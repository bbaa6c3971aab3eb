"""`apps new FORM --client N --answers FILE`, as a consultant types it to reuse one client's file
for another: the chosen client's company answers win over the file's (a tester got a final PDF
under one client carrying another firm's name and 사업자등록번호), the stderr names what was taken
from the profile, and the file's attachments come along as with `import` (they were dropped)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "ai-voucher-2024-small.json"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_chosen_clients_profile_wins_and_is_named(base_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "clients", "add", "바른제조", "--brn", "220-81-62517",
                         "--representative", "박바른")
    assert code == 0, err
    client = out.split()[0]
    code, out, err = run(capsys, "apps", "new", "ai-voucher", "--client", client, "--answers", str(SAMPLE))
    assert code == 0, err
    app = out.strip()
    assert "고객사 「바른제조」의 정보를 썼습니다" in err and "기업명" in err and "사업자등록번호" in err
    assert "the client 바른제조's profile was used" in err
    code, out, err = run(capsys, "apps", "show", app, "--json")
    shown = json.loads(out)
    assert shown["answers"]["company_name"] == "바른제조"
    assert shown["answers"]["brn"] == "220-81-62517"
    assert shown["application"]["provenance"]["brn"] == "profile"
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))["answers"]
    assert shown["answers"]["project_title"] == sample["project_title"]  # the rest is the file's


def test_the_files_attachments_come_along(base_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "apps", "new", "ai-voucher", "--answers", str(SAMPLE))
    assert code == 0, err
    app = out.strip()
    wanted = json.loads(SAMPLE.read_text(encoding="utf-8"))["attachments"]
    code, out, err = run(capsys, "apps", "show", app, "--json")
    shown = json.loads(out)["attachments"]
    assert {k: len(v) for k, v in shown.items()} == {k: len(v) for k, v in wanted.items()}
    assert sum(len(v) for v in wanted.values()) > 5


def test_a_file_naming_a_missing_attachment_makes_no_draft(base_dir: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["attachments"] = {"brn_certificate": ["nowhere.pdf"]}
    seal = tmp_path / data["answers"]["seal"]
    seal.parent.mkdir(parents=True)
    seal.write_bytes((SAMPLE.parent / data["answers"]["seal"]).read_bytes())
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "apps", "new", "ai-voucher", "--answers", str(broken))
    assert code == 2 and "nowhere.pdf" in err
    code, out, _err = run(capsys, "apps", "list")
    assert code == 0 and out.strip() == ""
