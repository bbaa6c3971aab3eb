"""A draft PDF names what still blocks on its cover (issue 17): "1 error remains" without saying
which sent the applicant back to the program. Each rejected sample, exported as a draft through
the command as typed, lists every one of its errors on page 1, with the field as the user reads it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.answers import read_answers
from desktop_app.cli import main
from desktop_app.forms import find_form
from desktop_app.validation import validate

ROOT = Path(__file__).resolve().parent.parent
REJECTED = sorted((ROOT / "tests" / "fixtures" / "rejected").glob("*.json"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("path", REJECTED[::4], ids=[p.stem for p in REJECTED[::4]])
def test_draft_cover_lists_the_blocking_errors(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = read_answers(path)
    form = find_form(answers.form)
    today = json.loads(path.read_text(encoding="utf-8"))["today"]
    out = tmp_path / "draft.pdf"
    assert main(["pdf", answers.form, str(path), "-o", str(out), "--today", today, "--no-attachments"]) == 0
    capsys.readouterr()
    cover = _flat(PdfReader(out).pages[0].extract_text())
    result = validate(form, answers.answers, attachments=answers.attachment_files(),
                      today=dt.date.fromisoformat(today), file_exists=answers.file_exists)
    assert result.errors
    assert f"{len(result.errors)}건" in cover
    for issue in result.errors[:12]:
        assert _flat(issue.message_ko)[:20] in cover, issue.code
    named = [i for i in result.errors if i.path in form.fields]
    for issue in named:  # the field as the user reads it, not its id
        assert _flat(form.fields[issue.path].label.ko) in cover
