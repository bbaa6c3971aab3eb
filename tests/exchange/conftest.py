"""Fixtures for the exchange tests: two separate data folders (a consultant's and a client's),
a filled application with sensitive answers, a table, a seal image and an attachment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from exchange_data import ANSWERS, PDF, PNG, Filled, open_desk
from memory_keyring import MemoryKeyring, using
from secure_desk import PROFILE, lookup

from desktop_app.service import Desk


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("desktop_app.security.kdf.DEFAULT_LOG2_N", 14)


@pytest.fixture(autouse=True)
def keyring_memory() -> Iterator[MemoryKeyring]:
    with using(MemoryKeyring()) as backend:
        assert isinstance(backend, MemoryKeyring)
        yield backend


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
