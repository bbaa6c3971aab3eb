"""Shared by the programme tests: a sample with some answers changed, and its attachment files."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from desktop_app.validation.engine import AttachmentFile

_STEP = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


def with_changes(data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A copy of `data` with answers changed; keys like `schedule[3].task_end`; None deletes."""
    data = copy.deepcopy(data)
    for path, value in changes.items():
        node: Any = data["answers"]
        steps = path.split(".")
        for step in steps[:-1]:
            m = _STEP.fullmatch(step)
            assert m, step
            node = node[m.group(1)]
            if m.group(2) is not None:
                node = node[int(m.group(2))]
        m = _STEP.fullmatch(steps[-1])
        assert m and m.group(2) is None, path
        if value is None:
            node.pop(m.group(1), None)
        else:
            node[m.group(1)] = value
    return data


def attachment_files(data: dict[str, Any], base: Path) -> dict[str, list[AttachmentFile]]:
    out: dict[str, list[AttachmentFile]] = {}
    for req, names in data.get("attachments", {}).items():
        out[req] = [AttachmentFile(n, (base / n).stat().st_size if (base / n).is_file() else None,
                                   (base / n).is_file()) for n in names]
    return out
