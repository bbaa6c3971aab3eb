"""사업자등록번호 / 법인등록번호 check digits, kinds and contact formats."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app import korean_ids as k

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@st.composite
def valid_brn(draw: st.DrawFn) -> str:
    first3 = draw(st.integers(101, 999))
    middle = draw(st.integers(1, 99))
    serial = draw(st.integers(1, 9999))  # stdnum: serial 0000 is invalid
    first9 = f"{first3:03d}{middle:02d}{serial:04d}"
    return first9 + str(k.brn_check_digit(first9))


@st.composite
def valid_crn(draw: st.DrawFn) -> str:
    first12 = "".join(draw(st.lists(digits, min_size=12, max_size=12)))
    return first12 + str(k.crn_check_digit(first12))


def test_known_numbers() -> None:
    assert k.brn_problem("124-81-00998") is None
    assert k.brn_problem("123-45-67890") == "checksum"  # stdnum alone accepts this one
    assert k.brn_problem("12-345-678") == "format"
    assert k.crn_problem("130111-0006246") is None
    assert k.crn_problem("130111-0006247") == "checksum"
    assert k.crn_problem("13011-0006246") == "format"


def test_brn_check_digit_by_hand() -> None:
    # 1*1+2*3+4*7+8*1+1*3+0*7+0*1+9*3+9*5 = 118, + floor(9*5/10)=4 → 122 → (10-2)%10 = 8
    assert k.brn_check_digit("124810099") == 8


def test_crn_products_summed_as_they_are() -> None:
    # digit 6 at an even position: 6*2 = 12 counts 12, not 1+2 (a public snippet gets this wrong)
    first12 = "130111000624"
    total = sum(int(c) * (1 if i % 2 == 0 else 2) for i, c in enumerate(first12))
    assert k.crn_check_digit(first12) == (10 - total % 10) % 10 == 6


@given(valid_brn())
def test_every_generated_brn_is_valid_in_either_spelling(number: str) -> None:
    assert k.brn_problem(number) is None
    assert k.brn_problem(k.format_brn(number)) is None
    assert k.format_brn(number).count("-") == 2


@given(valid_brn(), st.integers(1, 9))
def test_changing_the_last_brn_digit_is_caught(number: str, delta: int) -> None:
    wrong = number[:9] + str((int(number[9]) + delta) % 10)
    assert k.brn_problem(wrong) == "checksum"


@given(valid_crn())
def test_every_generated_crn_is_valid(number: str) -> None:
    assert k.crn_problem(number) is None
    assert k.crn_problem(k.format_crn(number)) is None


@given(valid_crn(), st.integers(0, 12), st.integers(1, 9))
def test_any_single_crn_digit_change_on_an_odd_weight_is_caught(number: str, pos: int, delta: int) -> None:
    """Weight-1 positions (and the check digit) always change the sum mod 10."""
    if pos % 2 == 1 and pos != 12:
        pos -= 1
    wrong = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1:]
    assert k.crn_problem(wrong) == "checksum"


@pytest.mark.parametrize(("number", "kind"), [
    ("124-81-00998", "corporation"), ("220-85-00000", "branch"), ("101-82-00000", "nonprofit"),
    ("101-01-00000", "individual"), ("101-95-00000", "individual_exempt"), ("101-80-00000", "other"),
    ("12-3", None), (None, None),
])
def test_brn_kind(number: str | None, kind: str | None) -> None:
    assert k.brn_kind(number) == kind


@pytest.mark.parametrize("phone", ["010-1234-5678", "01012345678", "02-123-4567", "031-123-4567",
                                   "070-1234-5678", "1588-1234", "064-712-3456"])
def test_phones_accepted(phone: str) -> None:
    assert k.phone_ok(phone)


@pytest.mark.parametrize("phone", ["010-12-5678", "012-1234-5678", "1234", "02-1234-567", "099-123-4567"])
def test_phones_refused(phone: str) -> None:
    assert not k.phone_ok(phone)


def test_email_and_postcode() -> None:
    assert k.email_ok("ceo@example.co.kr") and not k.email_ok("ceo@example")
    assert k.postcode_ok("06236") and not k.postcode_ok("0623") and not k.postcode_ok("135-080")


def test_the_crn_check_digit_limit_is_real_and_said(capsys: pytest.CaptureFixture[str]) -> None:
    """A digit off by 5 at an even position passes the 법인등록번호 check (weight 2: the sum moves
    by 10) — so the help says a passing check digit is not proof (issue 14, item 7)."""
    good = "1301110006246"
    for i in range(1, 12, 2):  # 2nd, 4th … 12th digit
        typo = good[:i] + str((int(good[i]) + 5) % 10) + good[i + 1:]
        assert typo != good and k.crn_problem(typo) is None
    odd = good[:2] + str((int(good[2]) + 5) % 10) + good[3:]
    assert k.crn_problem(odd) == "checksum"  # at an odd position it is caught
    ko, en = k.CRN_CHECK_LIMIT
    assert "5" in ko and "짝수" in ko and "even position" in en and "cannot catch every typo" in en
    from desktop_app.cli import main

    assert main(["forms", "check-digit", "crn", "130111-0006246"]) == 0
    out, err = capsys.readouterr()
    assert "ok" in out and "cannot catch every typo" in err
