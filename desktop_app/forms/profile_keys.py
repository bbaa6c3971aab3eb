"""The client-profile keys forms bind to (`profile: company.brn`): a vocabulary shared by the
forms, the package codec and the service, so it lives below all of them."""

from __future__ import annotations

import re

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
