"""Shared by tests/security and tests/exchange: the test form with sensitive fields, the values
used, and a Desk opener. (A plain module: conftest modules of different folders share a name.)"""

from __future__ import annotations

from pathlib import Path

from desktop_app.forms import FormDefinition, find_form

FORMS = Path(__file__).resolve().parent / "security" / "forms"
BIRTH, MOBILE, CELL_MOBILE = "1983-09-02", "010-9876-5432", "010-5555-1212"
PROFILE = {"company.name": "(주)비밀데이터", "company.brn": "124-81-00998",
           "company.representative": "김도윤", "company.representative_birth": BIRTH,
           "contact.mobile": MOBILE}


def lookup(spec: str) -> FormDefinition:
    return find_form(spec, FORMS)
