"""The answers file (docs/architecture.md): `{"form": "ID@EDITION", "answers": {...}, "attachments": {...}}`.

Reading never half-succeeds: a malformed file raises AnswersFileError naming the file, the line
(for broken JSON) and the key, so a user's script can point at what to fix.
"""

from __future__ import annotations

import json
import os
import stat
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any

from desktop_app import limits
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


class UnsafePath(AnswersFileError):
    """A file an answers file names that is not its own: absolute, climbing out with `..`, a link
    out of its folder, or not a regular file. Named by field, refused (exit 2), nothing written."""

    def __init__(self, file: str, key: str, name: str, ko: str, en: str) -> None:
        self.file, self.line, self.key, self.reason, self.name = file, 0, key, en, name
        Refused.__init__(self, f"{file}: {key}: {ko}: {name}", f"{file}: {key}: {en}: {name}")


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

    def checked_path(self, name: str, where: str) -> Path:
        """The file `name` (field `where`) inside this answers file's folder: relative, no `..`,
        no link out, a regular file — else UnsafePath. A name that does not exist is returned as
        it is (validation reports it missing; import refuses it)."""
        def refuse(ko: str, en: str) -> UnsafePath:
            return UnsafePath(str(self.source or "<answers>"), where, name, ko, en)

        if PurePath(name).is_absolute() or PureWindowsPath(name).drive or name.startswith(("~", "/", "\\")):
            raise refuse("절대 경로는 받지 않습니다 (답변 파일 폴더 안의 상대 경로만)",
                         "absolute paths are refused (only paths relative to the answers file's folder)")
        if ".." in PurePath(name.replace("\\", "/")).parts:
            raise refuse("'..'로 답변 파일 폴더 밖을 가리킬 수 없습니다",
                         "'..' may not climb out of the answers file's folder")
        folder = self.base_dir.resolve()
        path = folder / name
        if not os.path.lexists(path):
            return path
        try:
            real = path.resolve()
        except (OSError, RuntimeError):  # a link loop
            raise refuse("따라갈 수 없는 링크입니다", "a link that cannot be followed") from None
        if not real.is_relative_to(folder):
            raise refuse("폴더 밖을 가리키는 링크입니다", "a link pointing outside the answers file's folder")
        try:
            mode = real.stat().st_mode
        except OSError:
            return path  # a dangling link inside the folder: missing
        if not stat.S_ISREG(mode):
            raise refuse("일반 파일이 아닙니다 (폴더, 장치, FIFO 등)", "not a regular file (a folder, device, FIFO …)")
        return real

    def check_paths(self, file_fields: set[str]) -> None:
        """Every attachment and every image answer (`file_fields`) passes `checked_path`; the
        commands call this right after reading, so nothing follows a hostile path."""
        for requirement, names in self.attachments.items():
            for name in names:
                self.checked_path(name, f"attachments.{requirement}")
        for fid in sorted(file_fields):
            value = self.answers.get(fid)
            if isinstance(value, str) and value:
                self.checked_path(value, f"answers.{fid}")

    def resolve(self, name: str) -> Path:
        return self.checked_path(name, "path")

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


def _no_duplicates(file: str) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        counts = Counter(k for k, _ in items)
        twice = sorted(k for k, n in counts.items() if n > 1)
        if twice:  # json keeps the last silently: a second "form" would turn one draft into another
            raise AnswersFileError(file, f"duplicate key(s): {', '.join(twice)}",
                                   key=twice[0])
        return dict(items)
    return pairs


def parse_answers(text: str, file: str = "<answers>", source: Path | None = None) -> AnswersFile:
    text = text.removeprefix("\ufeff")  # a UTF-8 BOM (Windows Notepad) is not part of the JSON
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates(file))
    except json.JSONDecodeError as exc:
        raise AnswersFileError(file, f"not valid JSON: {exc.msg} (column {exc.colno})",
                               line=exc.lineno) from None
    except AnswersFileError:
        raise
    except RecursionError:
        raise AnswersFileError(file, f"nested too deeply (more than {limits.MAX_JSON_DEPTH} "
                               "levels of lists/objects)") from None
    except ValueError:  # an integer beyond Python's digit limit (4300)
        raise AnswersFileError(file, f"a number is too large (more than 4300 digits; at most "
                               f"{limits.MAX_NUMBER_DIGITS})") from None
    depth = _depth(data)
    if depth > limits.MAX_JSON_DEPTH:
        raise AnswersFileError(file, f"nested too deeply ({depth} levels; at most "
                               f"{limits.MAX_JSON_DEPTH})")
    big = _huge_number(data)
    if big:
        raise AnswersFileError(file, f"number too large ({big} digits; at most "
                               f"{limits.MAX_NUMBER_DIGITS})", key=_huge_key(data) or "")
    if not isinstance(data, dict):
        raise AnswersFileError(file, "the top level must be a JSON object", line=1)
    return from_mapping(data, file, source)


def from_mapping(data: Mapping[str, Any], file: str = "<answers>",
                 source: Path | None = None) -> AnswersFile:
    form = data.get("form")
    if not isinstance(form, str) or not form.strip():
        raise AnswersFileError(file, 'needs "form": "ID@EDITION"', key="form")
    if any(c in form for c in "/\\") or form.strip().endswith((".yaml", ".yml")):
        # a file may name its form, never make us load a file: a path only on the command line
        raise AnswersFileError(file, f"must be a form id such as ai-data-voucher@2020, not a path "
                               f"({form!r}); give a definition file with --form", key="form")
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
        st = p.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO would hang, /dev/zero never end
            raise AnswersFileError(str(p), "not a regular file")
        if st.st_size > limits.MAX_ANSWERS_BYTES:
            raise AnswersFileError(str(p), f"too large ({st.st_size:,} bytes; an answers file may "
                                   f"have at most {limits.MAX_ANSWERS_BYTES:,})")
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


def _depth(value: Any, level: int = 1) -> int:
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level


def _digits(n: int) -> int:
    return len(str(abs(n))) if abs(n) < 10 ** limits.MAX_NUMBER_DIGITS else limits.MAX_NUMBER_DIGITS + 1


def _huge_number(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        d = _digits(value)
        return d if d > limits.MAX_NUMBER_DIGITS else 0
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return max((_huge_number(v) for v in items), default=0)


def _huge_key(value: Any, where: str = "") -> str | None:
    if isinstance(value, dict):
        for k, v in value.items():
            found = _huge_key(v, f"{where}.{k}" if where else str(k))
            if found:
                return found
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found = _huge_key(v, f"{where}[{i}]")
            if found:
                return found
    elif isinstance(value, int) and not isinstance(value, bool) and _huge_number(value):
        return where
    return None
