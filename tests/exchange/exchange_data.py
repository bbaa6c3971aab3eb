"""What the exchange tests share: files, answers, the filled application, the database dump.
(A plain module: conftest modules of different test folders share one import name.)"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from secure_desk import BIRTH, CELL_MOBILE, lookup

from desktop_app.service import Desk

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGA"
                       "WjR9awAAAABJRU5ErkJggg==")
ANSWERS = {"project_title": "품질 검사 데이터 가공", "budget": 42_000_000, "topics": ["a", "b"],
           "members": [{"name": "이하린", "mobile": CELL_MOBILE}], "representative_birth": BIRTH}


@dataclass
class Filled:
    desk: Desk
    app_id: int
    client_id: int
    seal: Path
    cert: Path


def open_desk(root: Path) -> Desk:
    return Desk.open(root / "data" / "voucher-desk.sqlite3", forms=lookup, auto_backup=False)


def dump(desk: Desk) -> tuple[list[str], list[str]]:
    """Everything an import could change: every row (SQL dump) and every stored file."""
    rows = list(desk.store.db.conn.iterdump())
    root = desk.location.root
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*")
                   if p.is_file() and "sqlite3" not in p.name)
    return rows, files
