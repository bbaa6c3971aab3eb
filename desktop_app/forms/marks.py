"""Authors' source marks ("[F]", "[I]", "[B/F]", "(PROGRAMS [F])") kept out of what users read.

Form authors mark each programme fact with where it comes from (forms/README.md). In a help text
or a rule message the mark is for the author, not the applicant: the loader moves it to the
item's `source` (so `forms check` and the file keep it) and the user reads the plain text.
Setting notes keep their marks: they are the author's record of the source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

MARK = re.compile(r"(?:PROGRAMS\s*)?\[[FBI](?:/[FBI])*\]")
_EMPTY_PARENS = re.compile(r"\s*\(\s*[,·;]?\s*\)")
_OPEN = re.compile(r"\(\s*(?:[,·;]\s*)?")
_CLOSE = re.compile(r"\s*[,·;]\s*\)")
_SPACES = re.compile(r"[ \t]{2,}")
_BEFORE_STOP = re.compile(r"\s+([.,;:)])")
_LEADING_DOT = re.compile(r"^\s*[·,;]\s*")


def strip_marks(text: str) -> str:
    """The text as the applicant reads it: marks removed, with the brackets, commas and spaces
    they leave behind ("([F], 2021)" → "(2021)", "[F] 예: …" → "예: …")."""
    if not MARK.search(text):
        return text
    out = MARK.sub("", text)
    out = _EMPTY_PARENS.sub("", out)
    out = _OPEN.sub("(", out)
    out = _CLOSE.sub(")", out)
    out = _SPACES.sub(" ", out)
    out = _BEFORE_STOP.sub(r"\1", out)
    out = _LEADING_DOT.sub("", out)
    return out.strip()


def marks_in(text: str) -> list[str]:
    return [m.group(0).replace("PROGRAMS", "").strip() for m in MARK.finditer(text)]


def move_marks(data: Any, keys: tuple[str, ...]) -> Any:
    """For a model's raw mapping: strip the marks from the Text values under `keys`, and note
    them in `source` (kept when the author wrote one)."""
    if not isinstance(data, Mapping):
        return data
    found: list[str] = []
    out = dict(data)
    for key in keys:
        text = out.get(key)
        if isinstance(text, Mapping):
            cleaned = {}
            for lang, value in text.items():
                if isinstance(value, str):
                    found += marks_in(value)
                    value = strip_marks(value)
                cleaned[lang] = value
            out[key] = cleaned
    if found and not out.get("source"):
        out["source"] = " ".join(dict.fromkeys(found))
    return out
