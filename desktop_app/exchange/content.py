"""Checking what a package carries against the form it names: answers shaped as the fields
expect (docs/architecture.md answers format), a client profile of profile keys, attachments that the form
asks for, of an accepted type, within the size limit and whose bytes match their extension.

Only the shape is checked, not completeness: a draft handed over half-filled is normal, and
validation reports what is missing after import as for any draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from desktop_app import limits, media
from desktop_app.answers import AnswersFileError, from_mapping
from desktop_app.exchange.errors import PackageRefused
from desktop_app.exchange.manifest import check_finite
from desktop_app.forms import FieldDef, FormDefinition
from desktop_app.forms.profile_keys import KEY_PATTERN
from desktop_app.security.fields import contains_sealed
from desktop_app.storage.records import PARKED_PREFIX

_SCALAR = (str, int, float, bool)


@dataclass(frozen=True)
class Attached:
    requirement: str
    name: str           # the original file name
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class Contents:
    """Everything to write, checked; `answers` already includes `parked:` paths."""

    answers: dict[str, Any]
    attachments: list[Attached]
    images: dict[str, tuple[str, bytes]]          # field id → (original name, bytes)
    profile: dict[str, Any] | None
    warnings: list[str]


def _malformed(detail: str) -> PackageRefused:
    return PackageRefused("malformed_answers", f"answers.json이 올바르지 않습니다: {detail}",
                          f"answers.json is malformed: {detail}")


def _shape_problem(f: FieldDef, value: Any) -> str | None:
    if f.kind.has_columns:
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            return "a table must be a list of row objects"
        from desktop_app.limits import DEFAULT_MAX_ROWS

        most = f.max_rows or DEFAULT_MAX_ROWS
        if len(value) > most:  # a million rows would import and then never validate
            return f"{len(value):,} rows; this table takes at most {most:,}"
        for row in value:
            for col, cell in row.items():
                if cell is not None and not isinstance(cell, _SCALAR) and not (
                        isinstance(cell, list) and all(isinstance(x, _SCALAR) for x in cell)):
                    return f"column {col}: a cell must be a plain value"
        return None
    if f.kind.multiple:
        ok = isinstance(value, list) and all(isinstance(x, _SCALAR) for x in value)
        return None if ok else "a multiple choice must be a list of values"
    return None if isinstance(value, _SCALAR) else "must be a plain value (text, number, true/false)"


def check_answers(form: FormDefinition, answers: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """(answers to store, warnings): unknown field ids are parked with a warning, never dropped."""
    out: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in answers.items():
        if value is None:
            continue
        if contains_sealed(value) or not check_finite(value):
            raise _malformed(f"{key}: not an answer value")
        if key.startswith(PARKED_PREFIX):
            out[key] = value
            continue
        f = form.fields.get(key)
        if f is None:
            out[PARKED_PREFIX + key] = value
            warnings.append(f"{key}: {form.key}에 없는 항목이라 보관함(parked)에 둡니다 / not a field "
                            f"of {form.key}; kept as parked:{key}")
            continue
        problem = _shape_problem(f, value)
        if problem:
            raise _malformed(f"{key}: {problem}")
        out[key] = value
    return out, warnings


def check_profile(data: Any) -> dict[str, Any]:
    def bad(detail: str) -> PackageRefused:
        return PackageRefused("malformed_client", f"client.json이 올바르지 않습니다: {detail}",
                              f"client.json is malformed: {detail}")

    profile = data.get("profile") if isinstance(data, dict) else None
    if not isinstance(profile, dict):
        raise bad('needs {"profile": {KEY: VALUE, …}}')
    for key, value in profile.items():
        if not KEY_PATTERN.match(key):
            raise bad(f"{key!r} is not a profile key (e.g. company.name)")
        if not isinstance(value, _SCALAR) or not check_finite(value) or contains_sealed(value):
            raise bad(f"{key}: must be a plain value")
    name = profile.get("company.name")
    if not isinstance(name, str) or not name.strip():
        raise bad("company.name is required")
    return dict(profile)


def check_attachment(form: FormDefinition, requirement: str, name: str, data: bytes) -> None:
    """The same rules as attaching a file in the app (service.attachments), before writing."""
    req = next((a for a in form.attachments if a.id == requirement), None)
    if req is None:
        raise PackageRefused("bad_attachment", f"양식에 없는 첨부 항목입니다: {requirement}",
                             f"{form.key} has no attachment {requirement!r}")
    ext = PurePosixPath(name).suffix.lower().lstrip(".")
    if ext not in media.MEDIA_TYPES or not media.accepted(ext, req.accept):
        raise PackageRefused("bad_attachment", f"{name}: 허용되지 않는 파일 형식입니다",
                             f"{requirement}: {name}: file type .{ext} not accepted "
                             f"(allowed: {', '.join(req.accept)})")
    if len(data) > req.max_size_mb * 1024 * 1024:
        raise PackageRefused("bad_attachment", f"{name}: 파일이 너무 큽니다",
                             f"{requirement}: {name}: larger than {req.max_size_mb:g} MB")
    if not media.head_matches(ext, data[:16]):
        raise PackageRefused("bad_attachment", f"{name}: 파일 내용이 .{ext} 형식이 아닙니다",
                             f"{requirement}: {name}: the content is not a .{ext} file")


def attachment_members(raw: Any) -> dict[str, list[str]]:
    """answers.json `attachments`: requirement → member names (checked by from_mapping)."""
    try:
        parsed = from_mapping({"form": "x", "attachments": raw})
    except AnswersFileError as exc:
        raise _malformed(exc.reason) from None
    for names in parsed.attachments.values():
        for name in names:
            if not name.startswith(limits.ATTACHMENTS_DIR):
                raise _malformed(f"attachment {name!r} is not a member under attachments/")
    return parsed.attachments
