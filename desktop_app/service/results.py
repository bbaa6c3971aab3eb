"""What the façade hands back: `Changed` for every mutating call, views for reading.

Like Anki's OpChanges, a `Changed` says what a call touched so the UI refreshes only that,
without looking at the database itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop_app.storage.records import META_PREFIX, PARKED_PREFIX, Answer, Application, AttachmentRow

if TYPE_CHECKING:
    from desktop_app.forms import FormDefinition

__all__ = ["META_PREFIX", "PARKED_PREFIX", "AppView", "Changed"]


@dataclass(frozen=True)
class Changed:
    client_id: int | None = None
    app_id: int | None = None
    attachment_id: int | None = None
    rev: int | None = None                 # the revision written, if any
    paths: tuple[str, ...] = ()            # answers (or profile keys) that changed
    clients: bool = False                  # the client list or a profile changed
    applications: bool = False             # the application list changed (new, title, status)
    attachments: bool = False
    status: str | None = None              # the new status, when it changed
    warnings: tuple[str, ...] = ()
    parked: tuple[str, ...] = ()           # answers moved aside by a copy
    parked_why: tuple[str, ...] = ()       # for each of `parked`, why it did not fit
    note: str = ""                         # e.g. "nothing to undo"

    @property
    def nothing(self) -> bool:
        """True when the call found nothing to change (saving an unchanged value, …)."""
        return not (self.rev or self.paths or self.clients or self.applications
                    or self.attachments or self.status)


@dataclass(frozen=True)
class AppView:
    """An application as the editor opens it."""

    app: Application
    answers: dict[str, Answer]
    attachments: list[AttachmentRow]
    can_undo: bool
    can_redo: bool
    form: FormDefinition | None = None     # None when the pinned edition is not installed
    form_changed: bool = False             # the definition differs from the pinned hash
    warnings: tuple[str, ...] = field(default=())
    unreadable: tuple[str, ...] = field(default=())  # sealed answers the key cannot open now

    @property
    def values(self) -> dict[str, Any]:
        """Answers by field id, as validation and rendering take them (parked ones left out)."""
        return self.values_of(self.answers)

    @staticmethod
    def values_of(answers: Mapping[str, Answer]) -> dict[str, Any]:
        return {p: a.value for p, a in answers.items()
                if not p.startswith((PARKED_PREFIX, META_PREFIX))}

    @property
    def parked(self) -> dict[str, Any]:
        return {p[len(PARKED_PREFIX):]: a.value for p, a in self.answers.items()
                if p.startswith(PARKED_PREFIX)}
