"""Korean registration numbers and contact formats.

python-stdnum's `stdnum.kr.brn` checks length and components but not the check digit
(it accepts 123-45-67890); the check digit and the entity kind are added here.
"""

from __future__ import annotations

import re
from typing import Literal

from stdnum import exceptions as stdnum_errors
from stdnum.kr import brn as stdnum_brn

BrnKind = Literal["individual", "individual_exempt", "corporation", "branch", "nonprofit", "other"]
_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_CORPORATION_CODES = frozenset({81, 86, 87, 88})


def digits_only(text: str) -> str:
    return re.sub(r"[\s\-]", "", text)


def brn_check_digit(first9: str) -> int:
    """Check digit of a 사업자등록번호 from its first nine digits."""
    d = [int(c) for c in first9]
    total = sum(w * x for w, x in zip(_BRN_WEIGHTS, d, strict=True)) + (d[8] * 5) // 10
    return (10 - total % 10) % 10


def brn_problem(text: str) -> str | None:
    """None when valid; otherwise 'format' or 'checksum'."""
    number = digits_only(text)
    try:
        stdnum_brn.validate(number)
    except stdnum_errors.ValidationError:
        return "format"
    if brn_check_digit(number[:9]) != int(number[9]):
        return "checksum"
    return None


def brn_kind(text: str | None) -> BrnKind | None:
    """The kind of entity the middle two digits say (None for a malformed number)."""
    if text is None:
        return None
    number = digits_only(text)
    if len(number) != 10 or not number.isdigit():
        return None
    code = int(number[3:5])
    if 1 <= code <= 79:
        return "individual"
    if 90 <= code <= 99:
        return "individual_exempt"
    if code in _CORPORATION_CODES:
        return "corporation"
    if code == 85:
        return "branch"
    if code == 82:
        return "nonprofit"
    return "other"


def format_brn(text: str) -> str:
    n = digits_only(text)
    return f"{n[:3]}-{n[3:5]}-{n[5:]}" if len(n) == 10 else text


CRN_CHECK_LIMIT = (
    "법인등록번호의 검증번호는 모든 오타를 잡지 못합니다: 짝수 번째 자리(2·4·…·12번째)의 숫자가 5만큼 "
    "틀리면(예: 3↔8) 검증번호가 그대로 맞습니다. 법인등기사항증명서와 한 자리씩 대조하세요.",
    "the check digit of a corporate registration number cannot catch every typo: a digit off by 5 "
    "at an even position (2nd, 4th … 12th; e.g. 3↔8) still passes. Compare it digit by digit with "
    "the corporate register extract.",
)


def crn_check_digit(first12: str) -> int:
    """Check digit of a 법인등록번호: weights 1,2,1,2,… with products summed as they are — so a
    ±5 change at a weight-2 (even) position moves the sum by 10 and goes unnoticed
    (CRN_CHECK_LIMIT says so to the user)."""
    total = sum(int(c) * (1 if i % 2 == 0 else 2) for i, c in enumerate(first12))
    return (10 - total % 10) % 10


def crn_problem(text: str) -> str | None:
    number = digits_only(text)
    if len(number) != 13 or not number.isdigit():
        return "format"
    if crn_check_digit(number[:12]) != int(number[12]):
        return "checksum"
    return None


def format_crn(text: str) -> str:
    n = digits_only(text)
    return f"{n[:6]}-{n[6:]}" if len(n) == 13 else text


_PHONE_PATTERNS = (
    re.compile(r"^01[016789]-\d{3,4}-\d{4}$"),  # mobile
    re.compile(r"^02-\d{3,4}-\d{4}$"),  # Seoul
    re.compile(r"^0[3-6][1-5]-\d{3,4}-\d{4}$"),  # other areas
    re.compile(r"^070-\d{3,4}-\d{4}$"),  # internet phone
    re.compile(r"^1[568]\d{2}-\d{4}$"),  # representative numbers
)


def normalise_phone(text: str) -> str:
    """Insert the usual hyphens into a digits-only number so both spellings are accepted."""
    t = text.strip()
    if "-" in t:
        return t
    d = re.sub(r"\s", "", t)
    if re.fullmatch(r"1[568]\d{6}", d):
        return f"{d[:4]}-{d[4:]}"
    if d.startswith("02") and len(d) in (9, 10):
        return f"02-{d[2:-4]}-{d[-4:]}"
    if len(d) in (10, 11):
        return f"{d[:3]}-{d[3:-4]}-{d[-4:]}"
    return t


def phone_ok(text: str) -> bool:
    n = normalise_phone(text)
    return any(p.match(n) for p in _PHONE_PATTERNS)


def postcode_ok(text: str) -> bool:
    return re.fullmatch(r"\d{5}", text.strip()) is not None


_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")


def email_ok(text: str) -> bool:
    return _EMAIL.match(text.strip()) is not None
