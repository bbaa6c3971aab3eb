"""Upgrading a draft to a newer edition: every migration step kind, parking, and the check."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.forms import load_form
from desktop_app.forms.migrate import check_migrations, plan_upgrade

FORMS = Path(__file__).resolve().parent / "fixtures" / "forms"
OLD_ANSWERS = {
    "company_name": "주식회사 이관",
    "ceo": "박대표",
    "full_address": "34025 대전광역시 유성구 테크노2로 187",
    "phone_office": "042-861-2300",
    "phone_mobile": "010-1234-5678",
    "size": "venture",
    "fax": "042-861-2301",
    "main_dataset": "불량 이미지 6만 장",
    "grant": 15000000,
    "budget": [{"item": "라벨링", "cost": 9000000, "memo": "외주 아님"}, {"item": "검수", "cost": 6000000}],
    "kpi": [{"name": "정확도", "target": 95}],
}


@pytest.fixture(scope="module")
def old_new() -> tuple:
    return load_form(FORMS / "mig_2025.yaml"), load_form(FORMS / "mig_2026.yaml")


def test_every_step_kind(old_new: tuple) -> None:
    old, new = old_new
    plan = plan_upgrade(OLD_ANSWERS, old, new)
    v = plan.values
    assert v["representative"] == "박대표"  # rename
    assert (v["postcode"], v["address"]) == ("34025", "대전광역시 유성구 테크노2로 187")  # split
    assert v["phones"] == "042-861-2300 / 010-1234-5678"  # merge
    assert v["datasets"] == [{"name": "불량 이미지 6만 장"}]  # move into a table
    assert v["budget_lines"] == [{"item": "라벨링", "amount": 9000000}, {"item": "검수", "amount": 6000000}]
    assert v["consent_version"] == "2026-v1"  # default
    assert v["kpi"] == OLD_ANSWERS["kpi"] and v["grant"] == 15000000  # same id: carried
    assert plan.parked["fax"] == "042-861-2301"  # drop = parked with the note
    assert plan.parked["size"] == "venture"  # a choice the new edition does not offer
    assert plan.parked["budget"] == [{"memo": "외주 아님"}]  # a column the new table lacks
    reasons = {s.source: s.reason for s in plan.needs_attention}
    assert reasons["fax"] == "the 2026 form has no fax"
    assert "size" in reasons and "budget" in reasons


def test_nothing_is_lost(old_new: tuple) -> None:
    """Every old value ends up in the new answers or in the parked ones."""
    old, new = old_new
    plan = plan_upgrade(OLD_ANSWERS, old, new)
    placed = repr(plan.values) + repr(plan.parked)
    for key, value in OLD_ANSWERS.items():
        if isinstance(value, list):
            for row in value:
                for cell in row.values():
                    assert repr(cell) in placed, (key, cell)
        elif key == "full_address":
            assert "34025" in placed and "테크노2로" in placed
        else:
            assert repr(value) in placed or str(value) in placed, key
    assert OLD_ANSWERS["budget"][0]["memo"] == "외주 아님", "the caller's answers are not changed"


def test_value_moved_out_of_a_one_row_table(old_new: tuple) -> None:
    from desktop_app.forms.model import Migration, MigrationStep

    old, new = old_new
    step = MigrationStep.model_validate({"kind": "move", "from": "kpi.name", "to": "representative"})
    custom = new.model_copy(update={"migrations": (Migration(from_edition="2025", steps=(step,)),)})
    one = plan_upgrade({"kpi": [{"name": "정확도", "target": 95}]}, old, custom)
    assert one.values["representative"] == "정확도" and one.values["kpi"] == [{"target": 95}]
    two = plan_upgrade({"kpi": [{"name": "a"}, {"name": "b"}]}, old, custom)
    assert two.parked["kpi.name"] == ["a", "b"]


def test_check_migrations(old_new: tuple) -> None:
    old, new = old_new
    assert check_migrations(new, {"2025": old}) == []
    broken = new.model_copy(update={"migrations": (new.migrations[0].model_copy(
        update={"steps": new.migrations[0].steps[1:]}),)})
    problems = [m for _, m in check_migrations(broken, {"2025": old})]
    assert any("'ceo'" in p and "neither in this edition nor mapped" in p for p in problems)
    assert any("not installed" in m for _, m in check_migrations(new, {}))


def test_forms_check_reports_a_broken_migration(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop_app.cli import main

    for name in ("mig_2025.yaml", "mig_2026.yaml"):
        (tmp_path / name).write_text((FORMS / name).read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["forms", "check", str(tmp_path / "mig_2026.yaml")]) == 0
    broken = (tmp_path / "mig_2026.yaml").read_text(encoding="utf-8").replace(
        "{kind: rename, from: ceo, to: representative}", "{kind: rename, from: chief, to: representative}")
    (tmp_path / "mig_2026.yaml").write_text(broken, encoding="utf-8")
    assert main(["forms", "check", str(tmp_path / "mig_2026.yaml")]) == 1
    out = capsys.readouterr().out
    assert "'chief' is not a field of mig-demo@2025" in out
    assert "field 'ceo' of mig-demo@2025 is neither in this edition nor mapped" in out
