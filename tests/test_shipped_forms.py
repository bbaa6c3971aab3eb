"""Every shipped form loads, is lint-clean, and has a sample that validates without errors.

The samples live in tests/fixtures/answers/ (docs/architecture.md answers format); their attachment and image
paths are relative to the JSON file. Validation runs with a fixed `today` inside the form's
application window so the result never depends on the calendar.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from desktop_app.forms import FormDefinition, load_shipped
from desktop_app.forms.lint import lint_form
from desktop_app.validation.engine import AttachmentFile, ValidationResult, validate

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "tests" / "fixtures" / "answers"
SAMPLES = sorted(SAMPLES_DIR.glob("*.json"))
README = ROOT / "forms" / "README.md"


def shipped() -> dict[str, FormDefinition]:
    return {f.key: f for f in load_shipped()}


def window_day(form: FormDefinition) -> dt.date:
    """A fixed day inside the application window: the opening day, else the deadline's day."""
    return form.opens.date() if form.opens else form.deadline.date()


def load_sample(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def run_sample(form: FormDefinition, path: Path) -> ValidationResult:
    data = load_sample(path)
    base = path.parent
    attachments = {
        req: [AttachmentFile(name, (base / name).stat().st_size if (base / name).is_file() else None,
                             (base / name).is_file()) for name in names]
        for req, names in data.get("attachments", {}).items()
    }
    return validate(form, data["answers"], attachments=attachments, today=window_day(form),
                    file_exists=lambda name: (base / name).is_file())


def test_forms_directory_has_forms_and_keys_are_unique() -> None:
    forms = load_shipped()
    assert forms, "forms/ holds no definition"
    keys = [f.key for f in forms]
    assert len(keys) == len(set(keys)), keys


@pytest.mark.parametrize("key", sorted(shipped()))
def test_shipped_form_is_lint_clean(key: str) -> None:
    form = shipped()[key]
    assert [str(p) for p in lint_form(form)] == []


@pytest.mark.parametrize("key", sorted(shipped()))
def test_every_shipped_form_has_a_sample(key: str) -> None:
    forms = {load_sample(p)["form"] for p in SAMPLES}
    assert key in forms, f"no sample answers for {key} in {SAMPLES_DIR}"


@pytest.mark.parametrize("key", sorted(shipped()))
def test_deadline_is_korean_time_and_window_is_open(key: str) -> None:
    form = shipped()[key]
    assert form.deadline.utcoffset() == dt.timedelta(hours=9)
    if form.opens:
        assert form.opens.utcoffset() == dt.timedelta(hours=9)
        assert form.opens < form.deadline


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_sample_validates_without_errors_or_warnings(sample: Path) -> None:
    data = load_sample(sample)
    forms = shipped()
    assert data["form"] in forms, f"{sample.name} names an unknown form {data['form']!r}"
    result = run_sample(forms[data["form"]], sample)
    blocking = [(i.path, i.code, i.message_en) for i in result.issues if i.severity != "info"]
    assert blocking == []
    assert result.percent == 100


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_sample_attachments_exist_and_are_small(sample: Path) -> None:
    data = load_sample(sample)
    names = [n for names in data.get("attachments", {}).values() for n in names]
    names += [v for v in data["answers"].values() if isinstance(v, str) and v.endswith((".png", ".jpg"))]
    assert names
    for name in names:
        assert not Path(name).is_absolute(), name
        path = sample.parent / name
        assert path.is_file(), name
        assert path.stat().st_size < 5 * 1024, name
        head = path.read_bytes()[:8]
        assert head.startswith(b"%PDF-") or head == b"\x89PNG\r\n\x1a\n", name


def _documented_profile_keys() -> set[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Profile keys", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", section, flags=re.MULTILINE))


def test_profile_keys_used_by_shipped_forms_are_documented() -> None:
    documented = _documented_profile_keys()
    assert {"company.name", "company.brn", "contact.email"} <= documented
    used = {f.profile for form in load_shipped() for f in form.fields.values() if f.profile}
    assert used
    assert used - documented == set()


def _readme_block(lang: str) -> str:
    section = README.read_text(encoding="utf-8").split("## Worked example", 1)[1].split("\n## ", 1)[0]
    match = re.search(rf"```{lang}\n(.*?)```", section, flags=re.DOTALL)
    assert match, f"no {lang} block in the worked example"
    return match.group(1)


def test_readme_worked_example_loads_and_its_answers_validate() -> None:
    from desktop_app.forms import parse_form

    form = parse_form(_readme_block("yaml"), "README.md")
    assert [str(p) for p in lint_form(form)] == []
    data = json.loads(_readme_block("json"))
    assert data["form"] == form.key
    files = {req: [AttachmentFile(name, 1000) for name in names] for req, names in data["attachments"].items()}
    result = validate(form, data["answers"], attachments=files, today=window_day(form))
    assert result.issues == []
    assert result.computed["total"] == 12000000
    over = validate(form, {**data["answers"], "gov_share": 9600001}, attachments=files, today=window_day(form))
    assert [i.code for i in over.issues] == ["gov_share_over_ratio"]
