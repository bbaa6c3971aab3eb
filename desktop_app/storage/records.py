"""Plain, immutable rows handed out by the repositories (no sqlite types leak out).

Answer values are JSON values; `None` means "no answer" (a cleared field has no row), so a
JSON null is never stored. Times are UTC ISO strings with milliseconds.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

PARKED_PREFIX = "parked:"
"""Answers that no longer fit a form (after a copy to another edition) live under this path
prefix: kept and shown, never silently dropped, and never passed to validation."""
META_PREFIX = "meta:"
"""Bookkeeping rows logged with the answers (the form pin); never shown as answers."""

Entry = tuple[Any, str]
"""An answer as written: (value, provenance)."""


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def encode(value: Any) -> str:
    """Canonical JSON, so equal values are equal strings (compared before logging a change)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def decode(text: str | None) -> Any:
    return None if text is None else json.loads(text)


@dataclass(frozen=True)
class Client:
    id: int
    name: str
    brn: str
    representative: str
    profile: dict[str, Any]
    archived: bool
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Application:
    id: int
    client_id: int | None
    title: str
    form_id: str
    form_edition: str
    form_hash: str
    status: str
    current_section: str | None
    scroll_pos: int
    head_rev: int
    created_at: str
    updated_at: str
    client_name: str = ""

    @property
    def form_key(self) -> str:
        return f"{self.form_id}@{self.form_edition}"


@dataclass(frozen=True)
class Answer:
    path: str
    value: Any
    provenance: str
    updated_at: str


@dataclass(frozen=True)
class Change:
    """One path's delta within a revision; None old/new means the answer was absent."""

    path: str
    old: Any
    old_provenance: str | None
    new: Any
    new_provenance: str | None


@dataclass(frozen=True)
class Revision:
    rev: int
    kind: str
    label: str
    reverts: int | None
    at: str
    paths: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Snapshot:
    id: int
    name: str
    rev: int
    created_at: str


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    app_id: int
    requirement_id: str
    sha256: str
    original_name: str
    media_type: str
    size: int
    added_at: str


@dataclass(frozen=True)
class ClientDocument:
    """One of a client's own documents: its kind (forms/shared/documents.yaml), issue date and
    the stored file (by SHA-256, like attachments)."""

    id: int
    client_id: int
    kind: str
    issued_on: str
    sha256: str
    original_name: str
    media_type: str
    size: int
    added_at: str


@dataclass(frozen=True)
class ExportRow:
    id: int
    app_id: int
    kind: str
    file_name: str
    sha256: str
    size: int
    rev: int
    created_at: str
