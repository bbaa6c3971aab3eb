"""The field-kind registry: every field type is defined once (family, check, text, formatting,
carry-forward) and documented in forms/README.md; answer paths have one reading."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from desktop_app.forms import FormDefinitionError, parse_form
from desktop_app.forms.answer_path import AnswerPath, field_of, parts
from desktop_app.forms.kinds import KINDS, NAMES, is_blank, kind_of
from desktop_app.forms.model import FieldDef

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 3, 1)
CHOICES = [{"value": "a", "label": {"ko": "가", "en": "A"}},
           {"value": "b", "label": {"ko": "나", "en": "B"}}]


def field(kind: str, **extra: Any) -> FieldDef:
    if kind in ("choice", "multichoice"):
        extra.setdefault("choices", CHOICES)
    if kind == "table":
        extra.setdefault("columns", [{"id": "x", "type": "text", "label": {"ko": "x", "en": "x"}}])
    return FieldDef.model_validate({"id": "f", "type": kind, "label": {"ko": "항목", "en": "Item"}, **extra})


def test_every_kind_is_a_row_of_the_readme_and_nothing_else_is() -> None:
    readme = (ROOT / "forms" / "README.md").read_text(encoding="utf-8")
    table = readme.split("Field types and the answer each one takes", 1)[1].split("\n\n")[1]
    documented = set()
    for line in table.splitlines()[2:]:
        documented.update(re.findall(r"`([a-z]+)`", line.split("|")[1]))
    assert documented == set(NAMES)


def test_an_unknown_type_names_the_known_ones() -> None:
    text = (ROOT / "tests" / "fixtures" / "forms" / "pdf_sample.yaml").read_text(encoding="utf-8")
    with pytest.raises(FormDefinitionError) as info:
        parse_form(text.replace("type: percent", "type: percentage", 1), "f.yaml")
    message = str(info.value)
    assert "type: Input should be 'text', 'textarea'" in message and "'table'" in message


@pytest.mark.parametrize(("kind", "family"), [
    ("text", "text"), ("textarea", "text"), ("email", "text"), ("phone", "text"), ("brn", "text"),
    ("crn", "text"), ("postcode", "text"), ("address", "text"), ("integer", "number"),
    ("number", "number"), ("money", "number"), ("percent", "number"), ("date", "date"),
    ("datetime", "date"), ("boolean", "boolean"), ("choice", "choice"), ("multichoice", "choice"),
    ("image", "image"), ("table", "table"),
])
def test_family(kind: str, family: str) -> None:
    assert kind_of(kind).family == family
    assert field(kind).kind is KINDS[kind]


def test_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="unknown field type 'percentage'"):
        kind_of("percentage")


@pytest.mark.parametrize(("kind", "raw", "typed", "codes"), [
    ("money", 1_000.0, 1_000, []),
    ("money", 10.5, None, ["money.whole_won"]),
    ("money", -1, -1, ["min"]),           # money defaults to min 0
    ("percent", 101, 101, ["max"]),       # percent to max 100
    ("integer", 2.5, None, ["type"]),
    ("number", 2.5, 2.5, []),
    ("date", "2026-02-30", None, ["date.format"]),
    ("datetime", "2026-02-01T10:00:00+09:00",
     dt.datetime(2026, 2, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=9))), []),
    ("boolean", "yes", True, []),       # a yes/no word reads as its value
    ("boolean", "maybe", None, ["boolean.unknown"]),
    ("boolean", 1, None, ["boolean.unknown"]),
    ("date", "1997.03.14", dt.date(1997, 3, 14), []),
    ("choice", "나", "b", []),          # a label reads as its value
    ("choice", "c", None, ["choice.unknown"]),
    ("multichoice", ["a", "c"], ["a"], ["choice.unknown"]),
    ("phone", "0421234567", "042-123-4567", []),
    ("brn", "1248100998", "124-81-00998", []),
    ("brn", "1248100999", "1248100999", ["brn.checksum"]),
    ("email", "a@b", "a@b", ["email.format"]),
    ("image", "seal.gif", None, ["image.type"]),
    ("textarea", "  keep  ", "  keep  ", []),
    ("text", "  trim  ", "trim", []),
])
def test_check(kind: str, raw: Any, typed: Any, codes: list[str]) -> None:
    value, found = kind_of(kind).check(field(kind), raw, TODAY, {})
    assert value == typed
    assert [code for code, _ in found] == codes


@pytest.mark.parametrize(("kind", "text", "value"), [
    ("money", "1,200,000", 1_200_000),
    ("money", "12 000", 12_000),
    ("money", "1,2", "1,2"),        # not a grouping: left for validation to report
    ("integer", "-3", -3),
    ("number", "2.50", 2.5),
    ("percent", "20", 20),
    ("boolean", "예", True),
    ("boolean", "No", False),
    ("boolean", "maybe", "maybe"),  # never coerced to False
    ("choice", "나", "b"),          # a label reads as its value
    ("choice", "B", "b"),
    ("choice", "z", "z"),
    ("multichoice", '["a","b"]', ["a", "b"]),
    ("table", '[{"x": "1"}]', [{"x": "1"}]),
    ("text", " as typed ", " as typed "),
])
def test_from_text(kind: str, text: str, value: Any) -> None:
    assert kind_of(kind).from_text(text, field(kind)) == value


@pytest.mark.parametrize(("kind", "value"), [
    ("money", 12_345_000), ("integer", 7), ("number", 2.5), ("percent", 20), ("boolean", True),
    ("boolean", False), ("choice", "b"), ("text", "x"), ("date", "2026-03-01"),
])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_edit_text_reads_back(kind: str, value: Any, lang: str) -> None:
    """What a cell or a line shows, typed back unchanged, is the same answer."""
    f = field(kind)
    assert f.kind.from_text(f.kind.edit_text(value, lang, f), f) == value


@pytest.mark.parametrize(("kind", "value", "ko", "en"), [
    ("money", 12_345_000, "12,345,000원", "KRW\u00a012,345,000"),
    ("percent", 12.5, "12.5%", "12.5%"),
    ("integer", 1234, "1,234", "1,234"),
    ("date", dt.date(2020, 6, 15), "2020년 6월 15일", "15 June 2020"),
    ("boolean", True, "■\u00a0예   □\u00a0아니오", "■\u00a0Yes   □\u00a0No"),
    ("choice", "a", "가", "A"),
    ("multichoice", ["b"], "□\u00a0가   ■\u00a0나", "□\u00a0A   ■\u00a0B"),
    ("image", "dir/seal.png", "seal.png", "seal.png"),
    ("text", None, "", ""),
])
def test_format_in_both_languages(kind: str, value: Any, ko: str, en: str) -> None:
    f = field(kind)
    assert f.kind.format(value, "ko", f) == ko
    assert f.kind.format(value, "en", f) == en


def test_screen_formatting_writes_words_not_boxes() -> None:
    assert kind_of("boolean").format(True, "ko", marks=False) == "예"
    assert kind_of("boolean").format_computed(False, "en", marks=False) == "No"
    f = field("multichoice")
    assert f.kind.format(["a", "b"], "en", f, marks=False) == "A, B"


def test_computed_values_round_and_format_by_their_declared_type() -> None:
    assert kind_of("money").computed(1234.5) == 1235
    assert kind_of("money").computed(-1234.5) == -1235
    assert kind_of("integer").computed(2.4) == 2
    assert kind_of("number").computed(2.4) == 2.4
    assert kind_of("boolean").computed(1) is True
    assert kind_of("money").format_computed(3_000_000, "ko") == "3,000,000원"
    assert kind_of("text").format_computed(3_000_000, "ko") == "3,000,000"
    assert kind_of("number").format_computed(None, "ko") == ""


@pytest.mark.parametrize(("source", "target", "moves"), [
    ("text", "textarea", True), ("brn", "text", True), ("address", "email", True),
    ("integer", "money", True), ("percent", "number", True),
    ("money", "text", False), ("date", "datetime", False), ("choice", "multichoice", False),
    ("boolean", "choice", False), ("table", "table", True), ("image", "image", True),
])
def test_carry_forward_compatibility(source: str, target: str, moves: bool) -> None:
    assert kind_of(target).accepts(kind_of(source)) is moves
    assert kind_of(target).accepts(None)  # an answer of unknown origin: validation decides


def test_defaults_are_checked_by_the_kind() -> None:
    assert field("money", default=10).kind.default_problem(field("money", default=10)) is None
    assert "whole number" in (field("money").kind.default_problem(field("money", default=1.5)) or "")
    assert "cannot have a default" in (kind_of("table").default_problem(field("table")) or "")


@pytest.mark.parametrize("value", [None, "", "   ", []])
def test_blank(value: Any) -> None:
    assert is_blank(value)


@pytest.mark.parametrize("value", [0, False, "x", ["a"]])
def test_not_blank(value: Any) -> None:
    assert not is_blank(value)


@pytest.mark.parametrize(("text", "path"), [
    ("company_name", AnswerPath("company_name")),
    ("budget.amount", AnswerPath("budget", None, "amount")),
    ("budget[2].amount", AnswerPath("budget", 2, "amount")),
    ("budget[0]", AnswerPath("budget", 0)),
    ("attachments.brn_certificate", AnswerPath("attachments", None, "brn_certificate")),
])
def test_answer_paths_have_one_reading(text: str, path: AnswerPath) -> None:
    assert AnswerPath.parse(text) == path
    assert str(path) == text
    assert field_of(text) == path.field


def test_odd_paths_keep_their_head() -> None:
    assert field_of("a+b") == "a+b"
    assert parts("a+b") == ["a", "b"]
    assert field_of("x.y.z") == "x"
