"""Values as the submission PDF prints them, and the line breaking of long answers."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.forms.model import FieldDef
from desktop_app.pdf.formatting import (
    format_computed,
    format_date,
    format_datetime,
    format_money,
    format_percent,
    format_value,
)


def _field(kind: str, **extra: object) -> FieldDef:
    return FieldDef.model_validate({"id": "f", "type": kind, "label": {"ko": "항목", "en": "Item"},
                                    **extra})


CHOICES = [
    {"value": "image", "label": {"ko": "이미지", "en": "Image"}},
    {"value": "text", "label": {"ko": "텍스트", "en": "Text"}},
    {"value": "audio", "label": {"ko": "음성", "en": "Audio"}},
]


@pytest.mark.parametrize(("value", "ko", "en"), [
    (12_345_000, "12,345,000원", "KRW\u00a012,345,000"),
    (0, "0원", "KRW\u00a00"),
    (-5_000, "-5,000원", "KRW\u00a0-5,000"),
    (1234.0, "1,234원", "KRW\u00a01,234"),
])
def test_money(value: float, ko: str, en: str) -> None:
    assert format_money(value, "ko") == ko
    assert format_money(value, "en") == en


@pytest.mark.parametrize(("value", "text"), [(20, "20%"), (12.5, "12.5%"), (100.0, "100%"),
                                             (33.333333, "33.33%")])
def test_percent(value: float, text: str) -> None:
    assert format_percent(value) == text


def test_dates_korean_and_english() -> None:
    day = dt.date(2020, 6, 15)
    assert format_date(day, "ko") == "2020년 6월 15일"
    assert format_date(day, "en") == "15 June 2020"
    stamp = dt.datetime(2020, 6, 15, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert format_datetime(stamp, "ko") == "2020년 6월 15일 18:00"
    assert format_datetime(stamp, "en") == "15 June 2020, 18:00"


def test_boolean_shows_both_boxes_with_labels() -> None:
    f = _field("boolean")
    assert format_value(f, True, "ko") == "■\u00a0예   □\u00a0아니오"
    assert format_value(f, False, "ko") == "□\u00a0예   ■\u00a0아니오"
    assert format_value(f, True, "en") == "■\u00a0Yes   □\u00a0No"
    assert format_value(f, None, "ko") == ""


def test_choice_and_multichoice_by_label() -> None:
    single = _field("choice", choices=CHOICES)
    assert format_value(single, "text", "ko") == "텍스트"
    assert format_value(single, "text", "en") == "Text"
    multi = _field("multichoice", choices=CHOICES)
    ko = format_value(multi, ["image", "audio"], "ko")
    assert ko == "■\u00a0이미지   □\u00a0텍스트   ■\u00a0음성"
    assert format_value(multi, [], "ko") == ""


def test_numbers_blank_and_text() -> None:
    assert format_value(_field("integer"), 1234567, "ko") == "1,234,567"
    assert format_value(_field("number"), 87.5, "en") == "87.5"
    assert format_value(_field("money"), 45_000_000, "ko") == "45,000,000원"
    assert format_value(_field("text"), "  가나다  ", "ko") == "가나다"
    assert format_value(_field("text"), None, "ko") == ""
    assert format_value(_field("text"), "   ", "ko") == ""
    assert format_value(_field("textarea"), "첫 줄\n둘째 줄\n", "ko") == "첫 줄\n둘째 줄"
    assert format_value(_field("image"), "scans/seal.png", "ko") == "seal.png"
    assert format_value(_field("date"), dt.date(2015, 3, 2), "en") == "2 March 2015"


def test_computed_by_declared_type() -> None:
    assert format_computed("money", 57_345_000, "ko") == "57,345,000원"
    assert format_computed("money", 57_345_000, "en") == "KRW\u00a057,345,000"
    assert format_computed("percent", 80, "ko") == "80%"
    assert format_computed("integer", 3, "ko") == "3"
    assert format_computed("boolean", True, "ko") == "■\u00a0예   □\u00a0아니오"
    assert format_computed("date", dt.date(2020, 7, 1), "ko") == "2020년 7월 1일"
    assert format_computed("money", None, "ko") == ""


# --- line breaking -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def font() -> str:
    from desktop_app.pdf.fonts import register_fonts

    return register_fonts().regular


def test_tokens_keep_units_punctuation_and_boxes_together() -> None:
    from desktop_app.pdf.linebreak import tokens

    toks = tokens("총 12,345,000원입니다. (가나) ■\u00a0예 contact@hanbit.co.kr")
    assert "12,345,000원" in toks
    assert "다." in toks
    assert "(가" in toks and "나)" in toks
    assert "■\u00a0예" in toks
    assert "contact@hanbit.co.kr" in toks
    assert "".join(toks) == "총 12,345,000원입니다. (가나) ■\u00a0예 contact@hanbit.co.kr"


def test_break_lines_loses_nothing_and_fits(font: str) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop_app.pdf.linebreak import break_lines

    words = [f"W{i:04d}" for i in range(400)]
    text = " ".join(f"{w} 데이터를 가공합니다." for w in words) + " " + "x" * 300
    width = 150.0
    lines = break_lines(text, font, 9.5, width)
    assert all(stringWidth(line, font, 9.5) <= width for line in lines)
    assert "".join(text.split()) == "".join("".join(lines).split())
    found = " ".join(lines).split()
    assert all(w in found for w in words)  # no Latin word cut or glued to another


def test_break_lines_breaks_korean_anywhere(font: str) -> None:
    from desktop_app.pdf.linebreak import break_lines

    text = "가" * 200
    lines = break_lines(text, font, 10, 100)
    assert len(lines) > 5 and "".join(lines) == text
