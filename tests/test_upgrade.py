"""An old-edition draft upgraded to the new edition: nothing lost, parked answers shown, undoable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.forms import FormDefinition, load_form
from desktop_app.service import Desk
from desktop_app.service import upgrade as upgrading
from desktop_app.storage.errors import Rejected

FORMS = Path(__file__).resolve().parent / "fixtures" / "forms"
OLD = load_form(FORMS / "mig_2025.yaml")
NEW = load_form(FORMS / "mig_2026.yaml")
ANSWERS = {"company_name": "주식회사 이관", "ceo": "박대표", "fax": "042-861-2301", "size": "venture",
           "full_address": "34025 대전광역시 유성구 테크노2로 187", "grant": 15000000,
           "budget": [{"item": "라벨링", "cost": 9000000}]}


def lookup(spec: str) -> FormDefinition:
    for form in (OLD, NEW):
        if spec in (form.key, form.id):
            return form if spec != form.id else NEW
    raise LookupError(spec)


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    with Desk.open(tmp_path / "db.sqlite3", forms=lookup, auto_backup=False) as d:
        yield d


def test_upgrade_moves_parks_and_can_be_undone(desk: Desk) -> None:
    app_id = desk.apps.new(OLD, answers=ANSWERS).app_id
    assert app_id is not None
    desk.apps.save(app_id, "ceo", "박대표", "typed")
    preview = upgrading.preview(desk, app_id, NEW)
    assert desk.apps.get(app_id).form_key == "mig-demo@2025", "a preview writes nothing"
    lines = upgrading.describe(preview, {f.id: f.label.ko for f in NEW.fields.values()})
    assert any(line.startswith("! ") and "042-861-2301" in line for line in lines)

    _plan, changed = upgrading.apply(desk, app_id, NEW)
    assert set(changed.parked) == {"fax", "size"}
    view = desk.apps.open(app_id)
    assert view.app.form_key == "mig-demo@2026" and view.form is NEW and not view.form_changed
    assert view.values["representative"] == "박대표"
    assert view.answers["representative"].provenance == "typed", "moved answers keep their provenance"
    assert view.values["budget_lines"] == [{"item": "라벨링", "amount": 9000000}]
    assert view.parked == {"fax": "042-861-2301", "size": "venture"}
    assert "ceo" not in view.values and "meta:form" not in view.values
    assert desk.apps.check(app_id).errors == [] or all(
        i.code != "unknown_field" for i in desk.apps.check(app_id).issues)

    desk.history.undo(app_id)
    back = desk.apps.open(app_id)
    assert back.app.form_key == "mig-demo@2025"
    assert back.values == {**ANSWERS}
    desk.history.redo(app_id)
    assert desk.apps.open(app_id).app.form_key == "mig-demo@2026"


def test_restoring_a_revision_before_the_upgrade_restores_the_edition(desk: Desk) -> None:
    app_id = desk.apps.new(OLD, answers=ANSWERS).app_id
    assert app_id is not None
    before = desk.history.revisions(app_id)[0].rev
    upgrading.apply(desk, app_id, NEW)
    desk.history.restore(app_id, before)
    view = desk.apps.open(app_id)
    assert view.app.form_key == "mig-demo@2025" and view.values == ANSWERS


def test_upgrade_refusals(desk: Desk) -> None:
    app_id = desk.apps.new(NEW).app_id
    assert app_id is not None
    with pytest.raises(Rejected):
        upgrading.preview(desk, app_id, NEW)


def test_carry_forward_chosen_sections_marked_carried(desk: Desk) -> None:
    app_id = desk.apps.new(OLD, answers=ANSWERS).app_id
    assert app_id is not None
    changed = desk.apps.copy(app_id, NEW, sections=["company"])
    assert changed.app_id is not None
    view = desk.apps.open(changed.app_id)
    assert view.app.form_key == "mig-demo@2026"
    assert view.values["representative"] == "박대표" and view.values["postcode"] == "34025"
    assert "grant" not in view.values and "budget_lines" not in view.values  # plan section not chosen
    assert {a.provenance for p, a in view.answers.items() if not p.startswith("parked:")} == {"carried"}
    assert view.parked == {"fax": "042-861-2301", "size": "venture"}
    desk.apps.save(changed.app_id, "representative", "박대표", "typed")  # confirmed by the user
    assert desk.apps.open(changed.app_id).answers["representative"].provenance == "typed"
