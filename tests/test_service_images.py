"""A seal picked from anywhere is kept beside the database: deleting the original loses nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop_app.answers import read_answers
from desktop_app.forms import find_form
from desktop_app.service import Desk
from desktop_app.storage.errors import Rejected

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"


def test_seal_is_kept_and_survives_the_original(tmp_path: Path) -> None:
    data = read_answers(SAMPLE)
    form = find_form(data.form)
    seal = tmp_path / "내 도장.png"
    shutil.copy(data.resolve(data.answers["seal"]), seal)
    with Desk.open(tmp_path / "db" / "db.sqlite3", auto_backup=False) as desk:
        app_id = desk.apps.new(form).app_id
        assert app_id is not None
        desk.apps.save(app_id, "seal", str(seal))
        stored = Path(desk.apps.open(app_id).values["seal"])
        assert stored.parent == desk.location.root / "images" and stored.read_bytes() == seal.read_bytes()
        seal.unlink()
        result = desk.apps.check(app_id)
        assert not [i for i in result.issues if i.path == "seal" and i.code == "file.not_found"]
        desk.apps.save(app_id, "seal", str(stored))  # saving the kept copy again copies nothing
        assert desk.apps.open(app_id).values["seal"] == str(stored)
        fake = tmp_path / "fake.png"
        fake.write_bytes(b"not an image")
        with pytest.raises(Rejected):
            desk.apps.save(app_id, "seal", str(fake))


def test_the_data_folder_can_move(tmp_path: Path) -> None:
    data = read_answers(SAMPLE)
    form = find_form(data.form)
    first = tmp_path / "first"
    with Desk.open(first / "db.sqlite3", auto_backup=False) as desk:
        app_id = desk.apps.new(form, answers={"seal": str(data.resolve(data.answers["seal"]))}).app_id
        assert app_id is not None
        raw = desk.store.db.execute("SELECT value FROM answers WHERE path = 'seal'").fetchone()[0]
        assert raw.startswith('"images/'), "stored relative to the data folder"
    moved = tmp_path / "elsewhere"
    shutil.move(str(first), str(moved))
    with Desk.open(moved / "db.sqlite3", auto_backup=False) as desk:
        seal = Path(desk.apps.open(app_id).values["seal"])
        assert seal.is_file() and seal.parent == moved / "images"
