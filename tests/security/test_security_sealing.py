"""Sensitive answers and profile values are sealed at rest and behave as before through the
façade: unchanged saves, undo/redo, restore, diff, copy, tables, the change log."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from memory_keyring import MemoryKeyring
from secure_desk import BIRTH, CELL_MOBILE, MOBILE, PROFILE

from desktop_app.forms import FormDefinition
from desktop_app.security import SealBroken
from desktop_app.security.fields import is_sealed
from desktop_app.service import Desk
from desktop_app.storage.errors import Rejected


@pytest.fixture
def desk(open_desk: Callable[..., Desk], keyring_memory: MemoryKeyring) -> Desk:
    return open_desk()


def _stored(desk: Desk, sql: str, *params: Any) -> list[Any]:
    return [json.loads(r[0]) if isinstance(r[0], str) else r[0]
            for r in desk.store.db.execute(sql, params).fetchall() if r[0] is not None]


def test_prefill_from_a_sealed_profile_seals_the_answers(desk: Desk, form: FormDefinition) -> None:
    client = desk.clients.create(PROFILE).client_id
    assert client is not None
    profile = json.loads(desk.store.db.execute("SELECT profile FROM clients").fetchone()[0])
    assert is_sealed(profile["company.representative_birth"]) and is_sealed(profile["contact.mobile"])
    assert profile["company.name"] == "(주)비밀데이터"
    assert desk.clients.get(client).profile == PROFILE
    assert desk.clients.search("비밀")[0].profile == PROFILE
    app = desk.apps.new(form, client_id=client).app_id
    assert app is not None
    view = desk.apps.open(app)
    assert view.values["representative_birth"] == BIRTH and view.values["contact_mobile"] == MOBILE
    assert view.answers["contact_mobile"].provenance == "profile"
    assert all(is_sealed(v) for v in _stored(
        desk, "SELECT value FROM answers WHERE path IN ('representative_birth', 'contact_mobile')"))


def test_edit_profile_keeps_it_sealed_and_unchanged_is_no_change(desk: Desk) -> None:
    client = desk.clients.create(PROFILE).client_id
    assert client is not None
    assert desk.clients.edit(client, {"contact.mobile": MOBILE}).paths == ()
    assert desk.clients.edit(client, {"contact.mobile": "010-1111-2222"}).paths == ("contact.mobile",)
    assert desk.clients.get(client).profile["contact.mobile"] == "010-1111-2222"
    assert desk.clients.edit(client, {"contact.mobile": None}).paths == ("contact.mobile",)
    assert "contact.mobile" not in desk.clients.get(client).profile


def test_history_works_on_sealed_values(desk: Desk, form: FormDefinition) -> None:
    app = desk.apps.new(form).app_id
    assert app is not None
    first = desk.apps.save(app, "contact_mobile", MOBILE)
    assert first.rev is not None
    assert desk.apps.save(app, "contact_mobile", MOBILE).nothing  # deterministic sealing
    desk.apps.save(app, "contact_mobile", "010-2222-3333")
    assert {c.path: (c.old, c.new) for c in desk.history.changes(app, first.rev + 1)} == {
        "contact_mobile": (MOBILE, "010-2222-3333")}
    sealed_log = _stored(desk, "SELECT old FROM changes WHERE app_id = ? UNION ALL "
                               "SELECT new FROM changes WHERE app_id = ?", app, app)
    assert sealed_log and all(is_sealed(v) for v in sealed_log)
    assert desk.history.diff(app, first.rev).changed == {"contact_mobile": (MOBILE, "010-2222-3333")}
    desk.history.undo(app)
    assert desk.apps.open(app).values["contact_mobile"] == MOBILE
    desk.history.redo(app)
    assert desk.apps.open(app).values["contact_mobile"] == "010-2222-3333"
    desk.history.restore(app, first.rev)
    assert desk.apps.open(app).values["contact_mobile"] == MOBILE
    assert desk.history.state(app, first.rev)["contact_mobile"] == (MOBILE, "typed")


def test_table_cells_of_a_sensitive_column_are_sealed(desk: Desk, form: FormDefinition) -> None:
    app = desk.apps.new(form).app_id
    assert app is not None
    rows = [{"name": "이하린", "mobile": CELL_MOBILE}, {"name": "박서준", "mobile": None}]
    desk.apps.save(app, "members", rows)
    stored = _stored(desk, "SELECT value FROM answers WHERE path = 'members'")[0]
    assert stored[0]["name"] == "이하린" and is_sealed(stored[0]["mobile"])
    assert stored[1]["mobile"] is None
    assert desk.apps.open(app).values["members"] == rows
    assert desk.apps.save(app, "members", rows).nothing


def test_copy_to_another_edition_reseals_for_the_new_application(
        desk: Desk, form: FormDefinition, form_2027: FormDefinition) -> None:
    app = desk.apps.new(form, answers={"representative_birth": BIRTH, "budget": 10}).app_id
    assert app is not None
    copied = desk.apps.copy(app, form_2027)
    assert copied.app_id is not None and copied.app_id != app
    assert desk.apps.open(copied.app_id).values["representative_birth"] == BIRTH
    old, new = (_stored(desk, "SELECT value FROM answers WHERE app_id = ? AND path = ?", a,
                        "representative_birth")[0] for a in (app, copied.app_id))
    assert is_sealed(new) and old != new  # bound to its own application


def test_a_sealed_value_moved_to_another_place_does_not_open(desk: Desk, form: FormDefinition) -> None:
    app = desk.apps.new(form, answers={"representative_birth": BIRTH, "contact_mobile": MOBILE}).app_id
    assert app is not None
    db = desk.store.db
    db.execute("UPDATE answers SET value = (SELECT value FROM answers WHERE path = "
               "'representative_birth') WHERE path = 'contact_mobile'")
    db.conn.commit()
    view = desk.apps.open(app)
    assert view.unreadable == ("contact_mobile",)
    assert "cannot be opened: contact_mobile" in view.warnings[-1]
    with pytest.raises(SealBroken):
        desk.history.state(app, 1)


def test_a_value_shaped_like_a_sealed_one_cannot_be_typed(desk: Desk, form: FormDefinition) -> None:
    app = desk.apps.new(form).app_id
    assert app is not None
    with pytest.raises(Rejected, match="reserved"):
        desk.apps.save(app, "project_title", {"$sealed": "v1.AAAA"})


def test_forms_that_mark_nothing_never_need_a_key(desk: Desk, form: FormDefinition) -> None:
    app = desk.apps.new(form, answers={"project_title": "과제", "budget": 5}).app_id
    assert app is not None
    assert desk.vault.status().mode == "none"


def test_an_edition_upgrade_keeps_sensitive_answers_sealed(desk: Desk, form: FormDefinition,
                                                           form_2027: FormDefinition) -> None:
    from desktop_app.service import upgrade

    app = desk.apps.new(form, answers={"representative_birth": BIRTH, "budget": 7,
                                       "members": [{"name": "이하린", "mobile": CELL_MOBILE}]}).app_id
    assert app is not None
    upgrade.apply(desk, app, form_2027)
    view = desk.apps.open(app)
    assert view.app.form_key == "secure-voucher@2027"
    assert view.values["representative_birth"] == BIRTH
    assert view.values["members"][0]["mobile"] == CELL_MOBILE
    texts = [r[0] for r in desk.store.db.execute(
        "SELECT value FROM answers UNION ALL SELECT coalesce(old, '') || coalesce(new, '') "
        "FROM changes")]
    assert not any(BIRTH in t or CELL_MOBILE in t for t in texts)
    desk.history.undo(app)
    assert desk.apps.open(app).values["representative_birth"] == BIRTH
