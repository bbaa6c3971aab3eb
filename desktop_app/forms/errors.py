"""The one error a definition with problems raises (its own module: importing it must not
import the loader, which a cached definition never needs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.errors import Refused

if TYPE_CHECKING:
    from desktop_app.forms.yamlsrc import Problem


class FormDefinitionError(Refused):
    """A definition with problems; str() lists every one of them, a line each."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
