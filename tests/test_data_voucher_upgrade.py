"""The shipped data voucher pair: a 2022 draft upgraded to the 2023 edition, nothing lost.

The 2022 sample (tests/fixtures/answers/data-voucher-2022-sme.json) goes through every step kind of
data-voucher-2023.yaml's `migrations:` — through the service (preview, apply, parked answers, undo)
and through the CLI (`apps new --answers`, `apps upgrade --dry-run`, `apps upgrade`, `apps show
--json`) — and `forms check` catches a migration of the shipped pair with a step missing.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.answers import read_answers
from desktop_app.cli import main
from desktop_app.forms import find_form
from desktop_app.forms.migrate import check_migrations, plan_upgrade
from desktop_app.service import Desk
from desktop_app.service import upgrade as upgrading

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "forms"
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "data-voucher-2022-sme.json"
OLD = find_form("data-voucher@2022")
NEW = find_form("data-voucher@2023")
WINDOW_2022 = dt.date(2022, 2, 10)
WINDOW_2023 = dt.date(2023, 1, 25)
STEP_KINDS = {"rename", "move", "split", "merge", "default", "drop"}


def sample_answers(root: Path | None = None) -> dict[str, Any]:
    """The sample's answers with the seal as stored: a copy kept beside the database
    (desktop_app.service.images) when `root` (the data folder) is given, else made absolute."""
    from desktop_app.service import images

    data = read_answers(SAMPLE)
    seal = str(data.resolve(data.answers["seal"]))
    return {**data.answers, "seal": images.resolve(root, images.keep(root, seal)) if root else seal}


def leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for v in value.values():
            yield from leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from leaves(v)
    else:
        yield value


def assert_nothing_lost(old: dict[str, Any], values: dict[str, Any], parked: dict[str, Any]) -> None:
    """Every old value is in the new answers or parked: each text line inside some new text
    (split and merged texts), and every other value (with its type) at least as often as before."""
    texts = [v for v in leaves([values, parked]) if isinstance(v, str)]
    others = Counter((type(v), v) for v in leaves([values, parked]) if not isinstance(v, str))
    for key, value in old.items():
        for leaf in leaves(value):
            if isinstance(leaf, str):
                for line in filter(None, (part.strip() for part in leaf.splitlines())):
                    assert any(line in text for text in texts), (key, line)
    missing = Counter((type(v), v) for v in leaves(old) if not isinstance(v, str)) - others
    assert not missing, missing


# ------------------------------------------------------------------------------------ the definitions

def test_the_shipped_migration_maps_every_2022_field_with_every_step_kind() -> None:
    assert check_migrations(NEW, {"2022": OLD}) == []
    (migration,) = NEW.migrations
    assert migration.from_edition == OLD.edition == "2022"
    assert {s.kind for s in migration.steps} == STEP_KINDS
    renames = [(s.source, s.target) for s in migration.steps if s.kind == "rename"]
    assert ("budget.calc_basis", "budget.detail") in renames  # a column of the same table
    assert ("milestones.step", "schedule.task") in renames  # a table renamed with its columns
    moves = dict((s.source, s.target) for s in migration.steps if s.kind == "move")
    assert moves["deidentification_plan"] == "datasets.deidentification"  # a field into a table
    assert OLD.section_of["sme_cert_expiry"].id == "company"  # and one to another section
    assert moves["sme_cert_expiry"] == "sme_cert_valid_until"
    assert NEW.section_of["sme_cert_valid_until"].id == "eligibility"
    drop = next(s for s in migration.steps if s.kind == "drop")
    assert drop.note is not None and drop.note.ko and drop.note.en


def test_the_caps_changed_between_the_editions() -> None:
    """[F] 2022: 16,000,000 / 45,000,000 / 75,000,000; 2023: 10,000,000 / 40,000,000 / 60,000,000."""
    caps = ("cap_purchase", "cap_general", "cap")
    assert [OLD.settings[c].value for c in caps] == [16_000_000, 45_000_000, 75_000_000]
    assert [NEW.settings[c].value for c in caps] == [10_000_000, 40_000_000, 60_000_000]
    assert NEW.opens is not None and OLD.deadline < NEW.opens
    assert OLD.deadline.utcoffset() == dt.timedelta(hours=9)


def test_the_plan_places_every_answer() -> None:
    old = sample_answers()
    plan = plan_upgrade(old, OLD, NEW)
    assert [s for s in plan.steps if s.kind == "park"] == [], "nothing parked by accident"
    assert plan.parked == {"covid_affected": True}
    sources = {part.partition(".")[0].partition("[")[0] for s in plan.steps for part in s.source.split("+")}
    assert set(old) <= sources, set(old) - sources
    assert_nothing_lost(old, plan.values, plan.parked)
    assert old == sample_answers(), "the caller's answers are not changed"


# ------------------------------------------------------------------------------------ through the service

@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    with Desk.open(tmp_path / "db.sqlite3", auto_backup=False) as d:
        yield d


def new_2022_draft(desk: Desk) -> int:
    data = read_answers(SAMPLE)
    app_id = desk.apps.new(OLD, answers=sample_answers()).app_id
    assert app_id is not None
    for requirement, names in data.attachments.items():
        for name in names:
            desk.attachments.add(app_id, requirement, data.resolve(name))
    return app_id


def codes(desk: Desk, app_id: int, today: dt.date, severity: str) -> set[tuple[str, str]]:
    return {(i.path, i.code) for i in desk.apps.check(app_id, today=today).issues if i.severity == severity}


def test_upgrade_through_the_service(desk: Desk) -> None:
    app_id = new_2022_draft(desk)
    old = sample_answers(desk.location.root)
    assert codes(desk, app_id, WINDOW_2022, "error") == set(), "the 2022 draft is complete"

    preview = upgrading.preview(desk, app_id, NEW)
    assert desk.apps.get(app_id).form_key == "data-voucher@2022", "a preview writes nothing"
    lines = upgrading.describe(preview, {f.id: f.label.ko for f in NEW.fields.values()})
    assert any(line.startswith("! covid_affected: True — ") and "COVID-19" in line for line in lines)
    assert any(line.startswith("+ 민간부담금 중 현금(원) = 0") for line in lines)

    plan, changed = upgrading.apply(desk, app_id, NEW)
    assert {s.kind for s in plan.steps} == STEP_KINDS | {"keep"}
    assert changed.parked == ("covid_affected",)
    view = desk.apps.open(app_id)
    assert view.app.form_key == "data-voucher@2023" and not view.form_changed
    v = view.values
    # rename: fields, a table with its columns (every row), a column of the same table
    assert (v["representative"], v["representative_birth"]) == (old["ceo_name"], old["ceo_birth"])
    assert (v["supplier_phone"], v["project_title"], v["total_cost"]) == (
        old["supplier_tel"], old["project_name"], old["total_budget"])
    assert v["schedule"] == [{"task": m["step"], "task_start": m["step_start"], "task_end": m["step_end"],
                              "deliverable": m["output"]} for m in old["milestones"]]
    assert [r["detail"] for r in v["budget"]] == [r["calc_basis"] for r in old["budget"]]
    assert all("calc_basis" not in r for r in v["budget"])
    # move: to another section, and a field into row 1 of a table
    assert v["sme_cert_valid_until"] == old["sme_cert_expiry"] == "2022-03-31"
    assert v["datasets"][0] == {**old["datasets"][0], "deidentification": old["deidentification_plan"]}
    assert v["datasets"][1] == old["datasets"][1]
    # split at the first new line, merge with a blank line, a default for the new question
    need, objective = old["need_and_objective"].split("\n", 1)
    assert (v["need"], v["objective"]) == (need, objective)
    assert v["data_use"] == old["service_plan"] + "\n\n" + old["model_plan"]
    assert v["private_cash"] == 0
    # drop: parked with its note, shown as needing attention
    assert view.parked == {"covid_affected": True}
    assert [s.source for s in plan.needs_attention] == ["covid_affected"]
    assert not set(v) & {"ceo_name", "milestones", "need_and_objective", "service_plan", "covid_affected"}
    assert_nothing_lost(old, v, view.parked)
    assert view.answers["representative"].provenance == "imported", "moved answers keep their provenance"
    sealed = desk.store.db.execute("SELECT value FROM answers WHERE path = 'representative_birth'").fetchall()
    assert sealed and all(old["ceo_birth"] not in str(row[0]) for row in sealed), "sensitive: sealed at rest"

    # validated against 2023: exactly what the 2023 rules change — nothing else blocks
    assert codes(desk, app_id, WINDOW_2023, "error") == {
        ("gov_share", "gov_share_over_cap"),  # [F] the AI processing cap fell from 75,000,000 to 60,000,000
        ("private_cash", "private_cash_too_low"),  # a cash part is asked from 2023; the default 0 is too little
        ("sme_cert_valid_until", "sme_certificate_expired"),  # the 2022 certificate ended before the 2023 deadline
    }
    assert codes(desk, app_id, WINDOW_2023, "warning") == {
        ("project_start", "project_starts_early"), ("sign_date", "signed_before_notice")}  # last year's dates

    # undo puts back the 2022 edition and its answers; redo the upgrade
    desk.history.undo(app_id)
    back = desk.apps.open(app_id)
    assert back.app.form_key == "data-voucher@2022" and not back.form_changed
    assert back.values == old and back.parked == {}
    assert codes(desk, app_id, WINDOW_2022, "error") == set()
    desk.history.redo(app_id)
    assert desk.apps.open(app_id).app.form_key == "data-voucher@2023"

    # the applicant fixes what 2023 asks for, and the draft is complete again
    for path, value in {"gov_share": 60_000_000, "private_share": 33_750_000, "private_cash": 9_375_000,
                        "sme_cert_valid_until": "2023-03-31"}.items():
        desk.apps.save(app_id, path, value, "typed")
    assert codes(desk, app_id, WINDOW_2023, "error") == set()


def test_carry_forward_chosen_sections_of_the_2022_draft(desk: Desk) -> None:
    app_id = new_2022_draft(desk)
    changed = desk.apps.copy(app_id, NEW, sections=["company", "contact", "supplier"])
    assert changed.app_id is not None
    view = desk.apps.open(changed.app_id)
    assert view.app.form_key == "data-voucher@2023"
    old = sample_answers()
    assert view.values["representative"] == old["ceo_name"] and view.values["supplier_phone"] == old["supplier_tel"]
    assert view.values["sme_cert_valid_until"] == old["sme_cert_expiry"]  # the company section's date moved too
    assert not {"project_title", "schedule", "budget", "covid_affected"} & set(view.values)  # not chosen
    assert {a.provenance for p, a in view.answers.items() if not p.startswith(("parked:", "meta:"))} == {"carried"}


# ------------------------------------------------------------------------------------ through the CLI

def cli(capsys: pytest.CaptureFixture[str], base: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--base-dir", str(base), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_upgrade_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    code, out, err = cli(capsys, home, "apps", "new", "data-voucher@2022", "--answers", str(SAMPLE))
    assert code == 0, err
    app = out.strip()

    code, out, err = cli(capsys, home, "apps", "upgrade", app, "data-voucher@2023", "--dry-run")
    assert code == 0, err
    assert out.startswith("data-voucher@2022 → data-voucher@2023 (dry run: nothing written)")
    assert "! covid_affected: True — the 2023 call has no COVID-19 preference" in out
    assert "1 answer(s) need attention" in out
    code, out, _ = cli(capsys, home, "apps", "show", app, "--json")
    assert json.loads(out)["form"] == "data-voucher@2022", "a dry run writes nothing"

    code, out, err = cli(capsys, home, "apps", "upgrade", app, "data-voucher@2023", "--dry-run", "--json")
    assert code == 0, err
    dry = json.loads(out)
    assert (dry["from"], dry["to"], dry["applied"]) == ("data-voucher@2022", "data-voucher@2023", False)
    assert {s["kind"] for s in dry["steps"]} == STEP_KINDS | {"keep"}
    assert set(dry["needs_attention"]) == {"covid_affected"}

    code, out, err = cli(capsys, home, "apps", "upgrade", app, "data-voucher@2023")
    assert code == 0, err
    assert "upgraded; 'voucher-desk apps undo" in out

    code, out, err = cli(capsys, home, "apps", "show", app, "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["form"] == "data-voucher@2023"
    assert shown["application"]["parked"] == {"covid_affected": True}
    old = sample_answers(home / "data")  # the seal as stored: a copy kept beside the database
    new = shown["answers"]
    assert new["representative_birth"] == old["ceo_birth"], "sealed at rest, shown opened"
    assert [r["task"] for r in new["schedule"]] == [m["step"] for m in old["milestones"]]
    assert new["datasets"][0]["deidentification"] == old["deidentification_plan"]
    assert (new["need"], new["objective"]) == tuple(old["need_and_objective"].split("\n", 1))
    assert new["private_cash"] == 0
    assert_nothing_lost(old, new, shown["application"]["parked"])

    code, out, err = cli(capsys, home, "apps", "undo", app)
    assert code == 0, err
    code, out, _ = cli(capsys, home, "apps", "show", app, "--json")
    back = json.loads(out)
    assert back["form"] == "data-voucher@2022" and back["answers"] == old and back["application"]["parked"] == {}


def test_a_2022_draft_reaches_the_newest_edition_through_2023(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """2026 migrates from 2023 only: `apps upgrade APP` (the newest) applies 2022 → 2023 first, so the
    2022 ids renamed in 2023 arrive instead of being parked, and each edition's drop note is shown."""
    home = tmp_path / "home"
    code, out, err = cli(capsys, home, "apps", "new", "data-voucher@2022", "--answers", str(SAMPLE))
    assert code == 0, err
    app = out.strip()
    code, out, err = cli(capsys, home, "apps", "upgrade", app)
    assert code == 0, err
    code, out, err = cli(capsys, home, "apps", "show", app, "--json")
    shown = json.loads(out)
    assert shown["form"] == "data-voucher@2026"
    assert shown["application"]["parked"] == {"covid_affected": True, "track": "ai"}
    old = sample_answers(home / "data")
    new = shown["answers"]
    assert new["representative"] == old["ceo_name"] and new["supplier_phone"] == old["supplier_tel"]
    assert (new["need"], new["objective"]) == tuple(old["need_and_objective"].split("\n", 1))
    assert [r["task"] for r in new["schedule"]] == [m["step"] for m in old["milestones"]]
    assert "services" not in new, "the integrated voucher's services are the applicant's choice"
    assert_nothing_lost(old, new, shown["application"]["parked"])


# ------------------------------------------------------------------------------------ forms check

@pytest.mark.parametrize(("remove", "message"), [
    ("      - {kind: rename, from: supplier_tel, to: supplier_phone}\n",
     "field 'supplier_tel' of data-voucher@2022 is neither in this edition nor mapped, parked or dropped by a step"),
    ("      - {kind: rename, from: milestones.step, to: schedule.task}\n"
     "      - {kind: rename, from: milestones.step_start, to: schedule.task_start}\n"
     "      - {kind: rename, from: milestones.step_end, to: schedule.task_end}\n"
     "      - {kind: rename, from: milestones.output, to: schedule.deliverable}\n",
     "field 'milestones' of data-voucher@2022 is neither in this edition nor mapped, parked or dropped by a step"),
])
def test_forms_check_catches_a_broken_migration_of_the_shipped_pair(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], remove: str, message: str) -> None:
    for name in ("data-voucher-2022.yaml", "data-voucher-2023.yaml"):
        shutil.copy(FORMS / name, tmp_path / name)
    shutil.copytree(FORMS / "templates", tmp_path / "templates")  # the editions' 서식 travel with them
    new = tmp_path / "data-voucher-2023.yaml"
    assert main(["forms", "check", str(new)]) == 0
    capsys.readouterr()
    text = new.read_text(encoding="utf-8")
    assert text.count(remove) == 1
    new.write_text(text.replace(remove, ""), encoding="utf-8")
    assert main(["forms", "check", str(new)]) == 1
    out = capsys.readouterr().out
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("  - from_edition: \"2022\""))
    assert f"{new}:{line}: migrations[0]: {message}" in out
    assert out.strip().endswith("1 file(s) checked, 1 problem(s)")


def test_forms_check_needs_the_old_edition_beside_the_new_one(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FORMS / "data-voucher-2023.yaml", tmp_path / "data-voucher-2023.yaml")
    shutil.copytree(FORMS / "templates", tmp_path / "templates")
    assert main(["forms", "check", str(tmp_path / "data-voucher-2023.yaml")]) == 1
    assert "edition '2022' of data-voucher is not installed beside this one" in capsys.readouterr().out
