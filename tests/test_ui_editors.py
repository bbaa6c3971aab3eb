"""One editor per field kind, found by the kind: every registered kind has one, and each editor
gives back the answer it was shown (what loading a draft and saving it again does)."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.forms.kinds import NAMES
from desktop_app.forms.model import FieldDef
from ui import i18n
from ui.fields import EDITORS, DateEditor, DateTimeEditor, LineEditor, NumberEditor, make_editor
from ui.table_editor import TableEditor, cell_text, cell_value

CHOICES = [{"value": "a", "label": {"ko": "가", "en": "A"}},
           {"value": "b", "label": {"ko": "나", "en": "B"}}]
COLUMNS = [{"id": "item", "type": "text", "label": {"ko": "항목", "en": "Item"}},
           {"id": "paid", "type": "boolean", "label": {"ko": "지급", "en": "Paid"}},
           {"id": "amount", "type": "money", "label": {"ko": "금액", "en": "Amount"}},
           {"id": "kind", "type": "choice", "label": {"ko": "구분", "en": "Kind"}, "choices": CHOICES}]

ANSWERS: dict[str, Any] = {
    "text": "주식회사 예시", "textarea": "첫 줄\n둘째 줄", "integer": 12, "number": 2.5,
    "money": 12_345_000, "percent": 20, "date": "2026-03-01", "datetime": "2026-03-01T10:30:00+09:00",
    "boolean": True, "choice": "b", "multichoice": ["a", "b"], "email": "a@example.kr",
    "phone": "010-1234-5678", "postcode": "06236", "brn": "124-81-00998", "crn": "110111-1234568",
    "address": "서울특별시 강남구 테헤란로 1", "image": None,
    "table": [{"item": "라벨링", "paid": True, "amount": 1_000, "kind": "a"}],
}


def field(kind: str) -> FieldDef:
    extra: dict[str, Any] = {}
    if kind in ("choice", "multichoice"):
        extra["choices"] = CHOICES
    if kind == "table":
        extra["columns"] = COLUMNS
    return FieldDef.model_validate({"id": "f", "type": kind, "label": {"ko": "항목", "en": "Item"}, **extra})


def test_every_kind_has_an_editor() -> None:
    make_editor  # noqa: B018  (importing ui.fields registers all but the table editor)
    import ui.table_editor  # noqa: F401

    assert set(EDITORS) == set(NAMES)
    assert EDITORS["table"] is TableEditor
    assert EDITORS["money"] is NumberEditor and issubclass(NumberEditor, LineEditor)
    assert EDITORS["datetime"] is DateTimeEditor and issubclass(DateTimeEditor, DateEditor)


@pytest.mark.parametrize("kind", NAMES)
def test_each_editor_gives_back_what_it_was_shown(kind: str, qtbot: QtBot) -> None:
    i18n.set_language("ko")
    editor = make_editor(field(kind))
    qtbot.add_widget(editor)
    assert isinstance(editor, EDITORS[kind])
    editor.set_value(ANSWERS[kind])
    assert editor.value() == ANSWERS[kind]
    editor.set_value(None)
    assert editor.value() is None


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_table_cells_read_back_in_either_language(lang: str) -> None:
    i18n.set_language(lang)
    table = field("table")
    row = ANSWERS["table"][0]
    for column in table.columns:
        assert cell_value(column, cell_text(column, row[column.id])) == row[column.id]
    i18n.set_language("ko")
