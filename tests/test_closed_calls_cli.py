"""A check that passes is no submission the agency still takes: the command line says when the
call has closed (the window did; `validate --today 2028-06-01` said only "ok"), and
`apps deadlines` names the open drafts whose call has closed instead of leaving them out."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.cli import main

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "answers" / "data-voucher-2026-sme.json"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_says_the_call_has_closed(base_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", "data-voucher@2026", str(SAMPLE), "--today", "2028-06-01")
    assert code == 0 and out.rstrip().splitlines()[-1].startswith("ok")  # the exit code is kept
    assert "2026-03-03 15:00에 마감되어 지금은 제출할 수 없습니다" in err
    assert "This call closed on 2026-03-03 15:00" in err
    code, out, err = run(capsys, "validate", "data-voucher@2026", str(SAMPLE), "--today", "2026-03-03")
    assert code == 0 and "마감되어" not in err  # the deadline day itself is still open


def test_apps_validate_and_deadlines_name_what_is_past(base_dir: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "apps", "new", "data-voucher@2026", "--answers", str(SAMPLE))
    assert code == 0, err
    app = out.strip()
    code, out, err = run(capsys, "apps", "validate", "--all", "--today", "2026-06-01")
    assert code == 0 and "data-voucher@2026: 1건: 이 공고는" in err and "1 application(s): This call closed" in err
    code, out, err = run(capsys, "apps", "deadlines", "--today", "2026-06-01")
    assert code == 0
    assert "마감이 지난 진행 중 신청서 1건" in out and f"#{app} (2026-03-03)" in out
    code, out, err = run(capsys, "apps", "deadlines", "--today", "2026-02-20")
    assert code == 0 and "마감이 지난" not in out and f"#{app}" in out


def test_apps_validate_of_one_application_lists_every_issue(base_dir: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """`apps validate APP` named only the first error; to see the rest a tester exported the
    draft to a file (which leaves sensitive answers out and so reported false errors)."""
    code, out, err = run(capsys, "apps", "new", "data-voucher@2026")
    assert code == 0, err
    app = out.strip()
    code, out, _err = run(capsys, "apps", "validate", app, "--today", "2026-02-20")
    assert code == 1
    errors = [line for line in out.splitlines() if line.startswith("error ")]
    assert len(errors) > 5 and any("company_name" in line for line in errors)
