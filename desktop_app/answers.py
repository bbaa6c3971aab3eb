"""The answers file (docs/architecture.md): `{"form": "ID@EDITION", "answers": {...}, "attachments": {...}}`.

Reading never half-succeeds: a malformed file raises AnswersFileError naming the file, the line
(for broken JSON) and the key, so a user's script can point at what to fix.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.atomic import write_atomic
from desktop_app.errors import Refused
from desktop_app.validation.engine import AttachmentFile

KNOWN_KEYS = frozenset({"form", "answers", "attachments"})
# A rejected sample (tests/fixtures/rejected/) carries the codes validation must report.
EXTRA_KEYS = frozenset({"expected_codes", "comment", "today", "expected_info"})


class AnswersFileError(Refused, ValueError):
    """A located problem with an answers file: `file:line: key: message`."""

    def __init__(self, file: str, message: str, *, line: int = 0, key: str = "") -> None:
        self.file, self.line, self.key, self.reason = file, line, key, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")


@dataclass(frozen=True)
class AnswersFile:
    form: str
    answers: dict[str, Any]
    attachments: dict[str, list[str]] = field(default_factory=dict)
    source: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    unknown_keys: tuple[str, ...] = ()

    @property
    def base_dir(self) -> Path:
        """Relative attachment and image paths are relative to the answers file."""
        return self.source.parent if self.source else Path.cwd()

    def resolve(self, name: str) -> Path:
        p = Path(name).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    def file_exists(self, name: str) -> bool:
        return self.resolve(name).is_file()

    def attachment_files(self) -> dict[str, list[AttachmentFile]]:
        out: dict[str, list[AttachmentFile]] = {}
        for req, names in self.attachments.items():
            files = []
            for name in names:
                p = self.resolve(name)
                exists = p.is_file()
                files.append(AttachmentFile(name, p.stat().st_size if exists else None, exists))
            out[req] = files
        return out

    def answers_for(self, image_fields: set[str]) -> dict[str, Any]:
        """The answers with image paths (seal, signature) made absolute, so they still resolve
        once the draft lives in the database rather than beside this file."""
        out = dict(self.answers)
        for fid in image_fields:
            if isinstance(out.get(fid), str) and out[fid]:
                out[fid] = str(self.resolve(out[fid]))
        return out

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"form": self.form, "answers": self.answers}
        if self.attachments:
            data["attachments"] = self.attachments
        data.update(self.extra)
        return data


def parse_answers(text: str, file: str = "<answers>", source: Path | None = None) -> AnswersFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnswersFileError(file, f"not valid JSON: {exc.msg} (column {exc.colno})",
                               line=exc.lineno) from None
    if not isinstance(data, dict):
        raise AnswersFileError(file, "the top level must be a JSON object", line=1)
    return from_mapping(data, file, source)


def from_mapping(data: Mapping[str, Any], file: str = "<answers>",
                 source: Path | None = None) -> AnswersFile:
    form = data.get("form")
    if not isinstance(form, str) or not form.strip():
        raise AnswersFileError(file, 'needs "form": "ID@EDITION"', key="form")
    answers = data.get("answers", {})
    if not isinstance(answers, dict):
        raise AnswersFileError(file, "must be an object of field ids to answers", key="answers")
    raw_att = data.get("attachments", {}) or {}
    if not isinstance(raw_att, dict):
        raise AnswersFileError(file, "must be an object of requirement ids to lists of paths",
                               key="attachments")
    attachments: dict[str, list[str]] = {}
    for req, names in raw_att.items():
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise AnswersFileError(file, "must be a list of file paths", key=f"attachments.{req}")
        attachments[str(req)] = list(names)
    extra = {k: data[k] for k in data if k in EXTRA_KEYS}
    unknown = tuple(sorted(k for k in data if k not in KNOWN_KEYS | EXTRA_KEYS))
    return AnswersFile(form.strip(), dict(answers), attachments, source, extra, unknown)


def read_answers(path: str | os.PathLike[str]) -> AnswersFile:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnswersFileError(str(p), "file not found") from None
    except UnicodeDecodeError as exc:
        raise AnswersFileError(str(p), f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise AnswersFileError(str(p), f"cannot read: {exc.strerror}") from None
    return parse_answers(text, str(p), p.resolve())


def write_answers(path: str | os.PathLike[str], answers: AnswersFile) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a file."""
    text = json.dumps(answers.to_json(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    write_atomic(Path(path), text.encode("utf-8"))
