"""Fixtures for the exchange tests: two separate data folders (a consultant's and a client's),
a filled application with sensitive answers, a table, a seal image and an attachment."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from memory_keyring import MemoryKeyring, using
from secure_desk import BIRTH, CELL_MOBILE, PROFILE, lookup

from desktop_app.service import Desk

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGA"
                       "WjR9awAAAABJRU5ErkJggg==")
ANSWERS = {"project_title": "품질 검사 데이터 가공", "budget": 42_000_000, "topics": ["a", "b"],
           "members": [{"name": "이하린", "mobile": CELL_MOBILE}], "representative_birth": BIRTH}


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("desktop_app.security.kdf.DEFAULT_LOG2_N", 14)


@pytest.fixture(autouse=True)
def keyring_memory() -> Iterator[MemoryKeyring]:
    with using(MemoryKeyring()) as backend:
        assert isinstance(backend, MemoryKeyring)
        yield backend


@dataclass
class Filled:
    desk: Desk
    app_id: int
    client_id: int
    seal: Path
    cert: Path


def open_desk(root: Path) -> Desk:
    return Desk.open(root / "data" / "voucher-desk.sqlite3", forms=lookup, auto_backup=False)


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Filled]:
    desk = open_desk(tmp_path / "consultant")
    files = tmp_path / "files"
    files.mkdir()
    seal, cert = files / "직인.png", files / "사업자등록증.pdf"
    seal.write_bytes(PNG)
    cert.write_bytes(PDF)
    client = desk.clients.create(PROFILE).client_id
    assert client is not None
    app = desk.apps.new(lookup("secure-voucher@2026"), client_id=client,
                        answers={**ANSWERS, "seal": str(seal)}).app_id
    assert app is not None
    desk.apps.save(app, "parked:old_field", "옛 답변")
    desk.attachments.add(app, "biz_cert", cert)
    yield Filled(desk, app, client, seal, cert)
    desk.close()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Desk]:
    desk = open_desk(tmp_path / "client")
    yield desk
    desk.close()


def dump(desk: Desk) -> tuple[list[str], list[str]]:
    """Everything an import could change: every row (SQL dump) and every stored file."""
    rows = list(desk.store.db.conn.iterdump())
    root = desk.location.root
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*")
                   if p.is_file() and "sqlite3" not in p.name)
    return rows, files
