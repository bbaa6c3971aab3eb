"""Fixtures for the security tests: a form with sensitive fields, keyring backends, fast scrypt."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from memory_keyring import MemoryKeyring, failing, using
from secure_desk import lookup

from desktop_app.forms import FormDefinition
from desktop_app.security.passphrase import PassphraseSource
from desktop_app.service import Desk


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt at its lowest allowed cost: the tests check behaviour, not cost."""
    monkeypatch.setattr("desktop_app.security.kdf.DEFAULT_LOG2_N", 14)


@pytest.fixture
def form() -> FormDefinition:
    return lookup("secure-voucher@2026")


@pytest.fixture
def form_2027() -> FormDefinition:
    return lookup("secure-voucher@2027")


@pytest.fixture
def keyring_memory() -> Iterator[MemoryKeyring]:
    with using(MemoryKeyring()) as backend:
        assert isinstance(backend, MemoryKeyring)
        yield backend


@pytest.fixture
def no_keyring() -> Iterator[None]:
    with using(failing()):
        yield


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "voucher-desk.sqlite3"


OpenDesk = Callable[..., Desk]  # repeated in test modules' annotations as Callable[..., Desk]


@pytest.fixture
def open_desk(db_path: Path) -> Iterator[OpenDesk]:
    """Open (and later close) Desks on the same database file."""
    opened: list[Desk] = []

    def make(passphrase: PassphraseSource | None = None, path: Path | None = None) -> Desk:
        desk = Desk.open(path or db_path, forms=lookup, auto_backup=False, passphrase=passphrase)
        opened.append(desk)
        return desk

    yield make
    for desk in opened:
        desk.close()
