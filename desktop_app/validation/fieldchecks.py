"""Per-field checks: one raw JSON answer as a typed value, or what is wrong with it.

The checks themselves belong to the field kinds (desktop_app/forms/kinds.py: a date typed as
1997.03.14, a choice by its label and a yes/no word read through desktop_app/forms/readers.py);
this is the validation layer's entry point. Each returns (typed value or None, [(code, params)]);
the engine adds paths and labels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from desktop_app.forms.kinds import IMAGE_SUFFIXES, Checked, Found, is_blank
from desktop_app.forms.model import FieldDef

__all__ = ["IMAGE_SUFFIXES", "Checked", "Found", "check_value", "is_blank"]


def check_value(f: FieldDef, v: Any, today: dt.date, settings: Mapping[str, Any] | None = None) -> Checked:
    """Typed value and problems of one answered (non-blank) scalar field.

    `settings` (name → value) resolves bounds written as `settings.NAME`.
    """
    return f.kind.check(f, v, today, settings or {})
