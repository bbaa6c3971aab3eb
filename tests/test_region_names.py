"""Form data from the founder's test: the 2026 data voucher uses today's 시·도 names, and the
employee count says the representative is not counted (older editions keep their own words)."""

from __future__ import annotations

from desktop_app.forms import load_shipped


def _form(edition: str):  # type: ignore[no-untyped-def]
    return next(f for f in load_shipped() if (f.id, f.edition) == ("data-voucher", edition))


def test_2026_uses_the_current_province_names_with_the_same_ids() -> None:
    new, old = _form("2026").fields["region"], _form("2023").fields["region"]
    labels = {c.value: c.label.ko for c in new.choices}
    assert labels["gangwon"] == "강원특별자치도"  # since 2023-06-11
    assert labels["jeonbuk"] == "전북특별자치도"  # since 2024-01-18
    assert "강원도" not in labels.values() and "전라북도" not in labels.values()
    assert [c.value for c in new.choices] == [c.value for c in old.choices], "ids kept: answers upgrade as they are"
    assert {c.value: c.label.ko for c in old.choices}["jeonbuk"] == "전라북도", "the 2023 edition is as it was"


def test_2026_says_the_representative_is_not_an_employee() -> None:
    help_text = _form("2026").fields["employees"].help
    assert help_text is not None
    assert "대표자 본인은 세지 않습니다" in help_text.ko
    assert "representative is not counted" in help_text.en
