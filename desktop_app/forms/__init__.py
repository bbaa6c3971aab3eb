"""Form definitions: strict YAML loading into an immutable model, and the expression engine.

The names below load on first use (PEP 562): a command that finds a parsed definition in the
cache never imports the loader and its checks (a cold start's largest part, issue 18 #7).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.forms.errors import FormDefinitionError
    from desktop_app.forms.loader import load_form, parse_form
    from desktop_app.forms.model import Attachment, Computed, FieldDef, FormDefinition, Rule, Section
    from desktop_app.forms.registry import FormNotFound, find_form, load_shipped, shipped_files

_WHERE = {
    "FormDefinitionError": "errors", "load_form": "loader", "parse_form": "loader",
    "Attachment": "model", "Computed": "model", "FieldDef": "model", "FormDefinition": "model",
    "Rule": "model", "Section": "model",
    "FormNotFound": "registry", "find_form": "registry", "load_shipped": "registry",
    "shipped_files": "registry",
}

__all__ = [
    "Attachment", "Computed", "FieldDef", "FormDefinition", "FormDefinitionError", "FormNotFound",
    "Rule", "Section", "find_form", "load_form", "load_shipped", "parse_form", "shipped_files",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'desktop_app.forms' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"desktop_app.forms.{module}"), name)
    globals()[name] = value
    return value
