"""Shared by the team tests (a plain module: conftest modules of different folders share a name)."""

from __future__ import annotations

from desktop_app.service import Desk

BIRTH, MOBILE = "1983-09-02", "010-9876-5432"


def app_with_client(desk: Desk, name: str, brn: str) -> tuple[int, int]:
    client = desk.clients.create({"company.name": name, "company.brn": brn,
                                  "company.representative": "김도윤",
                                  "company.representative_birth": BIRTH,
                                  "contact.mobile": MOBILE},
                                 allow_duplicate=True).client_id  # one sample BRN for every firm
    assert client is not None
    app = desk.apps.new(desk.find_form("secure-voucher@2026"), client_id=client).app_id
    assert app is not None
    return app, client
