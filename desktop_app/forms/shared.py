"""The shared data files beside the forms (forms/shared/*.yaml), for `forms check`: each name
has its own strict reader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

FOLDER = "shared"


def _readers() -> dict[str, Callable[[Path], Any]]:
    from desktop_app.forms import documents, equivalences

    def equivalences_against_forms(path: Path) -> None:
        from desktop_app.forms.registry import load_shipped

        equivalences.check_against(path, load_shipped(path.parent.parent))

    return {"documents.yaml": documents.parse, "equivalences.yaml": equivalences_against_forms}


def shipped_files(forms_dir: Path | None = None) -> list[Path]:
    from desktop_app import paths

    folder = (forms_dir or paths.forms_dir()) / FOLDER
    return [folder / name for name in _readers() if (folder / name).is_file()]


def is_shared(path: Path) -> bool:
    return path.parent.name == FOLDER and path.name in _readers()


def check(path: Path) -> None:
    """Raise FormDefinitionError with every located problem of the file."""
    _readers()[path.name](path)
