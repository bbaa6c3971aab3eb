"""MUST SHOW: the raw database file (and its -wal, and its backups) holds no sensitive value.

Everything a user can do to a sensitive answer is done — typed, prefilled from the profile,
changed (the change log keeps old and new), undone, redone, restored, copied, in a table —
then the bytes on disk are searched for each value. A marker in a non-sensitive field is found
by the same search, so the search itself is shown to work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from memory_keyring import MemoryKeyring
from secure_desk import BIRTH, CELL_MOBILE, MOBILE, PROFILE

from desktop_app.forms import FormDefinition
from desktop_app.service import Desk

SECRETS = [BIRTH, MOBILE, CELL_MOBILE, "1990-12-25", "010-7777-8888"]
CONTROL = "평문으로저장되는과제명"


def _disk_bytes(db_path: Path) -> dict[str, bytes]:
    files = [db_path, Path(f"{db_path}-wal"), *sorted((db_path.parent / "backups").glob("*"))]
    return {f.name: f.read_bytes() for f in files if f.is_file()}


def _forms_of(value: str) -> list[bytes]:
    """The value as text, and as its digits (a phone number stored without hyphens)."""
    digits = "".join(ch for ch in value if ch.isdigit())
    return [value.encode(), digits.encode()]


def _assert_clean(files: dict[str, bytes]) -> None:
    assert files
    for name, data in files.items():
        for secret in SECRETS:
            for needle in _forms_of(secret):
                assert needle not in data, f"{secret!r} found in {name}"


def test_no_sensitive_value_in_the_raw_database_file(open_desk: Callable[..., Desk], db_path: Path,
                                                     form: FormDefinition, form_2027: FormDefinition,
                                                     keyring_memory: MemoryKeyring) -> None:
    desk = open_desk()
    client = desk.clients.create(PROFILE).client_id
    app = desk.apps.new(form, client_id=client).app_id
    assert app is not None and client is not None
    desk.apps.save(app, "project_title", CONTROL)
    desk.apps.save(app, "representative_birth", "1990-12-25")
    desk.apps.save(app, "contact_mobile", "010-7777-8888")
    desk.apps.save(app, "members", [{"name": "이하린", "mobile": CELL_MOBILE}])
    desk.apps.save_many(app, {"contact_mobile": MOBILE, "budget": 100}, label="paste")
    desk.history.undo(app)
    desk.history.redo(app)
    desk.history.restore(app, 1)
    desk.history.snapshot(app, "제출 전")
    desk.apps.copy(app, form_2027)
    desk.clients.edit(client, {"contact.mobile": "010-7777-8888"})
    desk.backup()
    desk.store.db.conn.commit()

    while_open = _disk_bytes(db_path)
    assert any(name.endswith("-wal") for name in while_open), "the -wal is part of the check"
    assert any(CONTROL.encode() in data for data in while_open.values()), "the search finds text"
    _assert_clean(while_open)

    desk.close()
    after_close = _disk_bytes(db_path)
    assert CONTROL.encode() in after_close[db_path.name]
    _assert_clean(after_close)
    # and the values are all still there for the user
    view = open_desk().apps.open(app)
    assert view.values["contact_mobile"] == MOBILE and not view.unreadable
