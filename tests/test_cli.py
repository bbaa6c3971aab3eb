"""The CLI contract (docs/architecture.md): subcommands, exit codes 0/1/2, one-line errors, --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from attachment_files import copy_files

from desktop_app.answers import read_answers
from desktop_app.cli import main
from desktop_app.forms import find_form, load_shipped

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "tests" / "fixtures" / "answers").glob("*.json"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write_variant(tmp_path: Path, sample: Path, change: dict[str, Any]) -> Path:
    """A copy of `sample` with some answers changed (None removes), attachments kept resolvable."""
    data = json.loads(sample.read_text(encoding="utf-8"))
    for key, value in change.items():
        if value is None:
            data["answers"].pop(key, None)
        else:
            data["answers"][key] = value
    copy_files(tmp_path, sample, data)
    out = tmp_path / sample.name
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


def test_there_are_samples_for_every_shipped_form() -> None:
    forms = {f.key for f in load_shipped()}
    assert forms, "no shipped forms"
    covered = {read_answers(s).form for s in SAMPLES}
    assert forms <= covered


def test_forms_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "forms", "list", "--json")
    assert code == 0
    listed = json.loads(out)
    assert {r["form"] for r in listed} == {f.key for f in load_shipped()}
    assert all(r["title"] and r["deadline"] for r in listed)
    code, out, _ = run(capsys, "forms", "list")
    assert code == 0 and "ai-data-voucher@2020" in out


def test_forms_check_clean_and_broken(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "forms", "check")
    assert code == 0, out
    assert "0 problem(s)" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nedition: 1\ntitle: {ko: 가}\nbogus: 1\n", encoding="utf-8")
    code, out, _ = run(capsys, "forms", "check", str(bad))
    assert code == 1
    assert f"{bad}:4: bogus: unknown key" in out
    assert f"{bad}:3: title.en: required key is missing" in out


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_every_sample_validates(capsys: pytest.CaptureFixture[str], sample: Path) -> None:
    form = read_answers(sample).form
    code, out, _ = run(capsys, "validate", form, str(sample), "--json")
    issues = json.loads(out)
    assert [i for i in issues if i["severity"] == "error"] == []
    assert code == 0


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_removing_a_required_answer_blocks(capsys: pytest.CaptureFixture[str], sample: Path,
                                           tmp_path: Path) -> None:
    form = find_form(read_answers(sample).form)
    answers = read_answers(sample).answers
    required = [f.id for f in form.fields.values()
                if f.required is True and f.id in answers and f.type != "table"]
    assert required
    variant = write_variant(tmp_path, sample, {required[0]: None})
    code, out, _ = run(capsys, "validate", form.key, str(variant), "--json")
    assert code == 1
    assert {"path": required[0], "code": "required"} in [
        {"path": i["path"], "code": i["code"]} for i in json.loads(out)]


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_a_wrong_check_digit_blocks(capsys: pytest.CaptureFixture[str], sample: Path,
                                    tmp_path: Path) -> None:
    form = find_form(read_answers(sample).form)
    answers = read_answers(sample).answers
    numbers = [f.id for f in form.fields.values() if f.type in ("brn", "crn") and answers.get(f.id)]
    assert numbers, "every application names at least the supplier's 사업자등록번호"
    field = numbers[0]
    value = answers[field]
    wrong = value[:-1] + str((int(value[-1]) + 1) % 10)
    variant = write_variant(tmp_path, sample, {field: wrong})
    code, out, _ = run(capsys, "validate", form.key, str(variant), "--json")
    assert code == 1
    codes = {(i["path"], i["code"]) for i in json.loads(out)}
    kind = form.fields[field].type
    assert (field, f"{kind}.checksum") in codes


def test_validate_text_output_and_english(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sample = SAMPLES[0]
    form = read_answers(sample).form
    code, out, _ = run(capsys, "validate", form, str(sample), "--lang", "en")
    assert code == 0
    assert out.strip().splitlines()[-1].startswith("ok: 0 error(s)")


@pytest.mark.parametrize(("args", "message"), [
    (["validate", "no-such-form", "x.json"], "no form 'no-such-form'"),
    (["validate", "ai-data-voucher", "/nonexistent/a.json"], "/nonexistent/a.json: file not found"),
    (["pdf", "ai-data-voucher", "/nonexistent/a.json", "-o", "x.pdf"], "file not found"),
    (["validate", "/nonexistent/form.yaml", "a.json"], "file not found"),
])
def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], args: list[str],
                                         message: str) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_broken_json_is_located(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "a.json"
    bad.write_text('{\n  "form": "ai-data-voucher@2020",\n  "answers": {,}\n}\n', encoding="utf-8")
    code, _, err = run(capsys, "validate", "ai-data-voucher", str(bad))
    assert code == 2
    assert f"{bad}:3: not valid JSON" in err


def test_answers_for_another_form_are_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    other = tmp_path / "a.json"
    other.write_text('{"form": "cloud-voucher@2021", "answers": {}}', encoding="utf-8")
    code, _, err = run(capsys, "validate", "ai-data-voucher", str(other))
    assert code == 2 and "the answers are for 'cloud-voucher@2021'" in err


def test_pdf_draft_and_final(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sample = SAMPLES[0]
    form = find_form(read_answers(sample).form)
    out = tmp_path / "ok.pdf"
    code, text, _ = run(capsys, "pdf", form.key, str(sample), "-o", str(out), "--final")
    assert code == 0 and out.read_bytes().startswith(b"%PDF") and "final" in text
    required = [f.id for f in form.fields.values() if f.required is True and f.type != "table"]
    variant = write_variant(tmp_path, sample, {required[0]: None})
    refused = tmp_path / "refused.pdf"
    code, _, err = run(capsys, "pdf", form.key, str(variant), "-o", str(refused), "--final")
    assert code == 1 and not refused.exists() and "error(s) remain" in err
    draft = tmp_path / "draft.pdf"
    code, text, _ = run(capsys, "pdf", form.key, str(variant), "-o", str(draft))
    assert code == 0 and draft.exists() and "DRAFT" in text
    assert not list(tmp_path.glob("*.part"))


def test_console_script_runs_without_qt_or_display(tmp_path: Path) -> None:
    """The installed entry point: subcommands work with no display; the window explains itself."""
    exe = Path(sys.executable).parent / "voucher-desk"
    if not exe.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["VOUCHER_DESK_HOME"] = str(tmp_path)
    listed = subprocess.run([str(exe), "forms", "list"], capture_output=True, text=True, env=env, timeout=60)
    assert listed.returncode == 0 and "ai-data-voucher" in listed.stdout
    window = subprocess.run([str(exe)], capture_output=True, text=True, env=env, timeout=60)
    assert window.returncode == 2
    assert "xvfb-run" in window.stderr and "Traceback" not in window.stderr


def test_forms_check_digit_completes_and_checks(capsys: pytest.CaptureFixture[str]) -> None:
    """The form author's check-digit tool (forms/README.md, step 4), instead of Python."""
    assert main(["forms", "check-digit", "brn", "124810099"]) == 0
    assert capsys.readouterr().out.strip() == "124-81-00998"
    assert main(["forms", "check-digit", "crn", "130111-0006246"]) == 0
    assert capsys.readouterr().out.strip() == "130111-0006246: ok"
    assert main(["forms", "check-digit", "brn", "124-81-00990"]) == 1
    assert "124-81-00998 is valid" in capsys.readouterr().out
    assert main(["forms", "check-digit", "brn", "1234"]) == 2
    assert "give 9 digits" in capsys.readouterr().err
