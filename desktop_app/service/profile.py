"""The client profile: the keys forms bind to (`profile: company.brn`) and the prefill.

A key outside the list is accepted (a new form may bind to one) but reported, so a typo in
`clients edit --set` does not go unnoticed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from desktop_app import korean_ids
from desktop_app.forms import FormDefinition
from desktop_app.service.values import coerce
from desktop_app.storage.records import Entry

PROFILE_KEYS: dict[str, tuple[str, str]] = {
    "company.name": ("기업명", "company name"),
    "company.brn": ("사업자등록번호", "business registration number"),
    "company.crn": ("법인등록번호", "corporate registration number"),
    "company.entity_type": ("기업 형태", "entity type"),
    "company.representative": ("대표자", "representative"),
    "company.representative_birth": ("대표자 생년월일", "representative's birth date"),
    "company.co_representative_birth": ("공동대표 생년월일", "co-representative's birth date"),
    "company.founded": ("설립일", "founding date"),
    "company.industry": ("업종", "industry"),
    "company.industry_group": ("업종 구분", "industry group"),
    "company.employees": ("상시근로자 수", "regular employees"),
    "company.revenue_prev": ("전년도 매출액", "prior-year revenue"),
    "company.tax_type": ("과세 유형", "tax type"),
    "company.equity": ("자본총계", "equity"),
    "company.capital": ("자본금", "capital"),
    "company.address": ("주소", "address"),
    "company.postcode": ("우편번호", "postcode"),
    "company.phone": ("대표 전화", "phone"),
    "company.email": ("대표 이메일", "e-mail"),
    "company.region": ("지역", "region"),
    "contact.name": ("담당자", "contact person"),
    "contact.position": ("담당자 직위", "contact's position"),
    "contact.phone": ("담당자 전화", "contact's phone"),
    "contact.mobile": ("담당자 휴대전화", "contact's mobile"),
    "contact.email": ("담당자 이메일", "contact's e-mail"),
}
SENSITIVE_KEYS = frozenset({"company.representative_birth", "company.co_representative_birth",
                            "contact.mobile"})
"""Personal data kept sealed in the profile (service.sealing); a form field bound to one of
these keys should be `sensitive: true` too (tests/security checks the shipped forms)."""
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def check_keys(changes: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(malformed keys, unknown but well-formed keys)."""
    bad = [k for k in changes if not KEY_PATTERN.match(k)]
    unknown = [k for k in changes if KEY_PATTERN.match(k) and k not in PROFILE_KEYS]
    return bad, unknown


def normalise(changes: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Tidy values (a valid 사업자등록번호 gets its hyphens); returns warnings to show."""
    out: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in changes.items():
        if isinstance(value, str):
            value = value.strip() or None
        if key == "company.brn" and value is not None:
            problem = korean_ids.brn_problem(str(value))
            if problem is None:
                value = korean_ids.format_brn(str(value))
            else:
                warnings.append(f"company.brn: 사업자등록번호가 올바르지 않습니다 ({problem}) / "
                                f"invalid business registration number ({problem})")
        out[key] = value
    return out, warnings


def prefill(form: FormDefinition, profile: Mapping[str, Any]) -> dict[str, Entry]:
    """Answers for the fields bound to profile keys that the client has (provenance profile)."""
    return {f.id: (coerce(f, profile[f.profile]), "profile") for f in form.fields.values()
            if f.profile and profile.get(f.profile) not in (None, "")}
