"""Find definitions: the shipped ones in forms/, or a YAML file a form author points at."""

from __future__ import annotations

import re
from pathlib import Path

from desktop_app import paths
from desktop_app.forms.loader import FormDefinitionError, load_form
from desktop_app.forms.model import FormDefinition


class FormNotFound(LookupError):
    pass


def shipped_files(directory: Path | None = None) -> list[Path]:
    root = directory or paths.forms_dir()
    return sorted(root.glob("*.yaml"))


def load_shipped(directory: Path | None = None) -> list[FormDefinition]:
    """Every shipped definition; raises FormDefinitionError listing the problems of all files."""
    forms: list[FormDefinition] = []
    problems = []
    for path in shipped_files(directory):
        try:
            forms.append(load_form(path))
        except FormDefinitionError as exc:
            problems.extend(exc.problems)
    if problems:
        raise FormDefinitionError(problems)
    return forms


def _edition_key(edition: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(p), "") if p.isdigit() else (0, p) for p in re.split(r"[.\-]", edition))


def find_form(spec: str, directory: Path | None = None) -> FormDefinition:
    """FORM as the CLI takes it: `ID`, `ID@EDITION` or a path to a YAML file."""
    if spec.endswith((".yaml", ".yml")) or "/" in spec or "\\" in spec:
        return load_form(spec)
    form_id, _, edition = spec.partition("@")
    candidates = [f for f in load_shipped(directory) if f.id == form_id]
    if edition:
        candidates = [f for f in candidates if f.edition == edition]
    if not candidates:
        raise FormNotFound(f"no form {spec!r}; see 'voucher-desk forms list'")
    return max(candidates, key=lambda f: _edition_key(f.edition))
