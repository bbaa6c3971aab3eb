"""Carry-forward from the data voucher to the AI voucher through the declared equivalences
(data: forms/shared/equivalences.yaml); a choice the target does not offer is not carried
silently (issue 18 #6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.forms import FormDefinitionError, load_shipped
from desktop_app.forms.equivalences import check_against, parse, shipped
from desktop_app.service import Desk

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "answers"
SAMPLE = FIXTURES / "data-voucher-2022-sme.json"


def test_data_voucher_answers_reach_the_ai_voucher_through_the_equivalences(
        base_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = json.loads(SAMPLE.read_text(encoding="utf-8"))["answers"]
    with Desk.open(auto_backup=False) as desk:
        app = desk.answers.import_file(SAMPLE).app_id
    code = main(["apps", "copy", str(app), "ai-voucher@2024"])
    out, err = capsys.readouterr()
    assert code == 0, err
    copy = int(out.strip())
    with Desk.open(auto_backup=False) as desk:
        view = desk.apps.open(copy)
        values, parked = view.values, view.parked
        steps = {s: a.provenance for s, a in view.answers.items()}
    assert values["project_title"] == source["project_name"]
    assert values["supplier_phone"] == source["supplier_tel"]
    assert values["total_cost"] == source["total_budget"]
    assert values["schedule"] == [{"task": r["step"], "task_start": r["step_start"], "task_end": r["step_end"],
                                   "deliverable": r["output"]} for r in source["milestones"]]
    assert steps["project_title"] == "carried"
    # "sme" is no AI-voucher choice: not carried, kept aside, and the user told which are
    assert "applicant_type" not in values and parked["applicant_type"] == "sme"
    assert "applicant_type: does not fit ai-voucher@2024 (applicant_type cannot hold it ('sme' is not one " \
           "of its choices: small (Small/medium firm), midsize (Mid-size firm))); kept as parked:applicant_type" in err
    for name in ("project_name", "supplier_tel", "total_budget", "milestones"):
        assert name not in parked and f"{name}:" not in err


def test_the_equivalences_are_data_checked_strictly_and_against_the_forms(tmp_path: Path) -> None:
    declared = {(e.source, e.target) for e in shipped()}
    assert {("project_name", "project_title"), ("supplier_tel", "supplier_phone"),
            ("total_budget", "total_cost"), ("milestones", "schedule")} <= declared
    bad = tmp_path / "shared" / "equivalences.yaml"
    bad.parent.mkdir()
    bad.write_text("equivalences:\n"
                   "  - from: project_name\n"
                   "    to: Project-Title\n"
                   "  - from: supplier_tel\n"
                   "    to: supplier_phone\n"
                   "    form: data-voucher\n", encoding="utf-8")
    with pytest.raises(FormDefinitionError) as caught:
        parse(bad)
    text = str(caught.value)
    assert f"{bad}:3: equivalences[0].to: expected a field id in lower_snake_case" in text
    assert f"{bad}:6: equivalences[1].form: unknown key" in text
    bad.write_text("equivalences:\n"
                   "  - from: milestones\n"
                   "    to: schedule\n"
                   "    from_form: data-voucher\n"
                   "    columns: {step: chore}\n"
                   "  - from: supplier_tel\n"
                   "    to: supplier_fone\n", encoding="utf-8")
    with pytest.raises(FormDefinitionError) as caught:
        check_against(bad, load_shipped())
    text = str(caught.value)
    assert f"{bad}:5: equivalences[0].columns: 'schedule' has no column 'chore'" in text
    assert f"{bad}:7: equivalences[1].to: no shipped form has a field 'supplier_fone'" in text
