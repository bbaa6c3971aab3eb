"""The storage commands end to end: clients, apps (with history, undo, restore), backup."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.forms import FormDefinition

FORM_2025 = str(Path(__file__).resolve().parent / "forms" / "test-voucher-2025.yaml")
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(base_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        forms: Callable[[str], FormDefinition]) -> Run:
    """`voucher-desk ARGS…` in this process: (exit code, stdout, stderr)."""
    monkeypatch.setattr("desktop_app.service.desk.find_form", forms)

    def call(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return call


def ok(run: Run, *args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, err
    return out


def test_clients_commands(run: Run) -> None:
    assert ok(run, "clients", "add", "(주)고객관계관리솔루션", "--brn", "1248100998",
              "--representative", "이서연", "--set", "company.employees=8").strip() == "1"
    assert ok(run, "clients", "add", "빅데이터랩").strip() == "2"
    assert "124-81-00998" in ok(run, "clients", "list", "관계")
    listed = json.loads(ok(run, "clients", "list", "--json"))
    assert [c["name"] for c in listed] == ["(주)고객관계관리솔루션", "빅데이터랩"]
    assert "company.employees" in ok(run, "clients", "show", "1")
    assert ok(run, "clients", "edit", "2", "--set", "company.region=부산광역시").strip() == "company.region"
    assert json.loads(ok(run, "clients", "show", "2", "--json"))["profile"]["company.region"] == "부산광역시"
    assert ok(run, "clients", "archive", "2").strip() == "archived"
    assert "빅데이터랩" not in ok(run, "clients", "list")
    assert "빅데이터랩" in ok(run, "clients", "list", "--all")
    code, _, err = run("clients", "edit", "1", "--set", "nonsense")
    assert code == 2 and "KEY=VALUE" in err


def test_apps_new_set_history_undo_restore(run: Run, tmp_path: Path) -> None:
    ok(run, "clients", "add", "(주)고객관계관리솔루션", "--set", "company.employees=8")
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"form": "test-voucher@2025",
                                   "answers": {"project_title": "데이터 분석"}},
                                  ensure_ascii=False), encoding="utf-8")
    app = ok(run, "apps", "new", FORM_2025, "--client", "1", "--answers", str(answers)).strip()
    assert app == "1"
    assert ok(run, "apps", "set", app, "budget", "1,200,000").strip() == "revision 2"
    assert ok(run, "apps", "set", app, "budget", "1200000").strip() == "no change"
    assert ok(run, "apps", "set", app, "summary", "요약").strip() == "revision 3"
    shown = json.loads(ok(run, "apps", "show", app, "--json"))
    assert shown["form"] == "test-voucher@2025"
    assert shown["answers"]["budget"] == 1200000 and shown["answers"]["employees"] == 8
    assert shown["application"]["provenance"]["project_title"] == "imported"
    history = json.loads(ok(run, "apps", "history", app, "--json"))
    assert [h["kind"] for h in history] == ["edit", "edit", "new"]
    assert "undid summary" in ok(run, "apps", "undo", app)
    assert "redid summary" in ok(run, "apps", "redo", app)
    assert "+ summary: 요약" in ok(run, "apps", "diff", app, "2")
    assert "restored" in ok(run, "apps", "restore", app, "1")
    assert "budget" not in json.loads(ok(run, "apps", "show", app, "--json"))["answers"]
    assert ok(run, "apps", "snapshot", app, "초안").startswith("snapshot")
    assert "[초안]" in ok(run, "apps", "history", app)
    assert [a["id"] for a in json.loads(ok(run, "apps", "list", "관계", "--json"))] == [1]
    assert ok(run, "apps", "list", "없는말").strip() == ""


def test_apps_status_blocked_exits_1_and_errors_exit_2(run: Run) -> None:
    app = ok(run, "apps", "new", FORM_2025).strip()
    code, _, err = run("apps", "status", app, "ready", "--today", "2025-03-01")
    assert code == 1 and "error" in err
    assert ok(run, "apps", "status", app, "archived").strip() == "archived"
    code, _, err = run("apps", "set", app, "summary", "x")
    assert code == 2 and "read-only" in err
    code, _, err = run("apps", "show", "42")
    assert code == 2 and "no application 42" in err


def test_apps_copy_and_attach(run: Run, tmp_path: Path) -> None:
    app = ok(run, "apps", "new", FORM_2025).strip()
    ok(run, "apps", "set", app, "old_only", "구판")
    code, out, err = run("apps", "copy", app, FORM_2025.replace("2025", "2026"))
    assert code == 0 and out.strip() == "2" and "parked:old_only" in err
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(b"%PDF-1.4 test")
    assert ok(run, "apps", "attach", "2", "biz_cert", str(pdf)).strip() == "1"
    assert "attachment 1: biz_cert  c.pdf" in ok(run, "apps", "show", "2")
    ok(run, "apps", "detach", "1")
    code, _, err = run("apps", "attach", "2", "biz_cert", str(tmp_path / "none.pdf"))
    assert code == 2


def test_backup_and_restore(run: Run, tmp_path: Path) -> None:
    ok(run, "clients", "add", "복원될 고객")
    out = tmp_path / "b.sqlite3"
    assert ok(run, "backup", "-o", str(out)).strip() == str(out)
    ok(run, "clients", "add", "사라질 고객")
    assert "restored from" in ok(run, "restore", str(out))
    names = [c["name"] for c in json.loads(ok(run, "clients", "list", "--json"))]
    assert names == ["복원될 고객"]
    kinds = [b["kind"] for b in json.loads(ok(run, "backup", "--list", "--json"))]
    assert "pre-restore" in kinds and "auto" in kinds


def test_restore_over_a_damaged_database(run: Run, base_dir: Path, tmp_path: Path) -> None:
    ok(run, "clients", "add", "살아남을 고객")
    out = tmp_path / "b.sqlite3"
    ok(run, "backup", "-o", str(out))
    db = base_dir / "data" / "voucher-desk.sqlite3"
    db.write_bytes(b"garbage" * 2000)
    code, _, err = run("clients", "list")
    assert code == 2 and "voucher-desk restore" in err
    assert "moved to" in ok(run, "restore", str(out))
    assert "살아남을 고객" in ok(run, "clients", "list")


def test_every_storage_command_has_help() -> None:
    import argparse

    from desktop_app.cli import build_parser

    parser = build_parser()
    top = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name in ("clients", "apps", "backup", "restore"):
        assert top.choices[name].description or any(
            c.dest == name and c.help for c in top._choices_actions)
    for group in ("clients", "apps"):
        sub = next(a for a in top.choices[group]._actions
                   if isinstance(a, argparse._SubParsersAction))
        undocumented = [c.dest for c in sub._choices_actions if not c.help]
        assert not undocumented
        assert len(sub._choices_actions) == len(sub.choices)


def test_apps_pdf_draft_then_final(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`apps pdf`: a DRAFT while errors remain, `--final` refused; complete → final and exported."""
    from desktop_app.cli import main as cli_main

    sample = Path(__file__).resolve().parents[1] / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"
    base = ["--base-dir", str(tmp_path / "home")]
    assert cli_main([*base, "apps", "new", "ai-data-voucher"]) == 0
    empty_id = capsys.readouterr().out.strip()
    out = tmp_path / "draft.pdf"
    assert cli_main([*base, "apps", "pdf", empty_id, "-o", str(out)]) == 0
    assert "DRAFT" in capsys.readouterr().out and out.exists()
    assert cli_main([*base, "apps", "pdf", empty_id, "-o", str(tmp_path / "no.pdf"), "--final"]) == 1
    assert "error(s) remain" in capsys.readouterr().err and not (tmp_path / "no.pdf").exists()

    assert cli_main([*base, "apps", "new", "ai-data-voucher", "--answers", str(sample)]) == 0
    app_id = capsys.readouterr().out.strip()
    data = json.loads(sample.read_text(encoding="utf-8"))
    for requirement, names in data["attachments"].items():
        for name in names:
            assert cli_main([*base, "apps", "attach", app_id, requirement, str(sample.parent / name)]) == 0
    seal = next(k for k, v in data["answers"].items() if isinstance(v, str) and v.endswith(".png"))
    assert cli_main([*base, "apps", "set", app_id, seal, str(sample.parent / data["answers"][seal])]) == 0
    capsys.readouterr()
    final = tmp_path / "final.pdf"
    assert cli_main([*base, "apps", "pdf", app_id, "-o", str(final), "--final"]) == 0, capsys.readouterr().err
    assert f"application {app_id} is exported" in capsys.readouterr().out
    assert final.read_bytes().startswith(b"%PDF")


def test_clients_add_refuses_a_bad_check_digit_and_a_duplicate(run: Run) -> None:
    code, _, err = run("clients", "add", "엑스", "--brn", "123-45-67890")
    assert code == 2 and "check" in err
    assert ok(run, "clients", "add", "엑스", "--brn", "123-45-67890", "--allow-invalid-brn").strip() == "1"
    assert ok(run, "clients", "add", "가온", "--brn", "124-81-00998").strip() == "2"
    code, _, err = run("clients", "add", "가온 둘", "--brn", "1248100998")
    assert code == 2 and "#2 가온" in err
    assert ok(run, "clients", "add", "가온 둘", "--brn", "1248100998", "--allow-duplicate").strip() == "3"
