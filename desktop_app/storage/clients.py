"""Clients: the company profile as one JSON object keyed by profile keys (`company.brn` …).

Forms bind fields to those keys (`profile:`), so a new application is prefilled from here.
Name, 사업자등록번호 (digits only) and representative are copied into columns for search.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from desktop_app.storage.connection import transaction
from desktop_app.storage.errors import NotFound
from desktop_app.storage.records import Client, utc_now

NAME_KEY, BRN_KEY, REPRESENTATIVE_KEY = "company.name", "company.brn", "company.representative"
COLUMNS = "id, name, brn, representative, profile, archived, created_at, updated_at"


def _text(profile: Mapping[str, Any], key: str) -> str:
    value = profile.get(key)
    return "" if value is None else str(value).strip()


def _search_columns(profile: Mapping[str, Any]) -> tuple[str, str, str]:
    """The searched copies of name, digits of the BRN and representative: composed (NFC), so a
    name pasted decomposed from a Mac is found by what a Korean IME types (the profile keeps
    the value as given)."""
    brn = re.sub(r"\D", "", _text(profile, BRN_KEY))
    return (unicodedata.normalize("NFC", _text(profile, NAME_KEY)), brn,
            unicodedata.normalize("NFC", _text(profile, REPRESENTATIVE_KEY)))


def from_row(row: tuple[Any, ...]) -> Client:
    cid, name, brn, rep, profile, archived, created, updated = row
    return Client(cid, name, brn, rep, json.loads(profile), bool(archived), created, updated)


def get(db: Database, client_id: int) -> Client:
    row = db.execute(f"SELECT {COLUMNS} FROM clients WHERE id = ?", (client_id,)).fetchone()
    if row is None:
        raise NotFound("client", client_id)
    return from_row(row)


def insert(db: Database, profile: Mapping[str, Any]) -> int:
    now = utc_now()
    clean = {k: v for k, v in profile.items() if v is not None}
    with transaction(db):
        row = db.execute(
            "INSERT INTO clients (name, brn, representative, profile, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (*_search_columns(clean), json.dumps(clean, ensure_ascii=False), now, now),
        ).fetchone()
    return int(row[0])


def update(db: Database, client_id: int, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Merge `changes` into the profile (None removes a key); returns the keys that changed."""
    with transaction(db):
        profile = dict(get(db, client_id).profile)
        changed = {k: v for k, v in changes.items() if profile.get(k) != v}
        if not changed:
            return {}
        for key, value in changed.items():
            if value is None:
                profile.pop(key, None)
            else:
                profile[key] = value
        db.execute("UPDATE clients SET name = ?, brn = ?, representative = ?, profile = ?, "
                   "updated_at = ? WHERE id = ?",
                   (*_search_columns(profile), json.dumps(profile, ensure_ascii=False),
                    utc_now(), client_id))
    return changed


def set_archived(db: Database, client_id: int, archived: bool) -> bool:
    """Archive (or bring back) a client; True when that changed anything."""
    with transaction(db):
        cur = db.execute("UPDATE clients SET archived = ?, updated_at = ? "
                         "WHERE id = ? AND archived != ?",
                         (int(archived), utc_now(), client_id, int(archived)))
        if cur.rowcount == 0:
            get(db, client_id)  # raises NotFound for a wrong id
            return False
    return True


def same_brn_or_representative(db: Database, brn: str, representative: str) -> list[Client]:
    """Clients that may be the same firm: the same 사업자등록번호 digits, or the same 대표자
    (the caller compares the names)."""
    digits = re.sub(r"\D", "", brn or "")
    rows = db.execute(f"SELECT {COLUMNS} FROM clients WHERE (? != '' AND brn = ?) "
                      "OR (? != '' AND representative = ?) ORDER BY id",
                      (digits, digits, representative or "", representative or "")).fetchall()
    return [from_row(r) for r in rows]
