"""Fixtures for storage and service tests: a fresh database per test, two test form editions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop_app.forms import FormDefinition, find_form
from desktop_app.service import Desk

FORMS = Path(__file__).resolve().parent / "forms"
PROFILE = {
    "company.name": "(주)빅데이터분석연구소",
    "company.brn": "124-81-00998",
    "company.representative": "김민준",
    "company.employees": "12",
    "contact.email": "kim@example.kr",
}


def lookup(spec: str) -> FormDefinition:
    return find_form(spec, FORMS)


@pytest.fixture
def forms() -> Callable[[str], FormDefinition]:
    """The test forms' lookup, for a Desk opened by the test itself."""
    return lookup


@pytest.fixture
def form_2025() -> FormDefinition:
    return lookup("test-voucher@2025")


@pytest.fixture
def form_2026() -> FormDefinition:
    return lookup("test-voucher@2026")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "voucher-desk.sqlite3"


@pytest.fixture
def desk(db_path: Path) -> Iterator[Desk]:
    with Desk.open(db_path, forms=lookup, auto_backup=False) as d:
        yield d


@pytest.fixture
def client_id(desk: Desk) -> int:
    changed = desk.clients.create(PROFILE)
    assert changed.client_id is not None
    return changed.client_id


@pytest.fixture
def app_id(desk: Desk, client_id: int, form_2026: FormDefinition) -> int:
    changed = desk.apps.new(form_2026, client_id=client_id)
    assert changed.app_id is not None
    return changed.app_id
