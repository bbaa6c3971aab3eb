"""Upgrading a draft to a newer edition of its programme, as one revision that can be undone.

`preview` shows what would happen (the before/after diff and what needs attention) without
writing; `apply` writes it: the new answers, the parked ones under `parked:<old path>`, and
the new form pin — all in one revision, so undo puts back both the answers and the edition.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from desktop_app.forms import FormDefinition
from desktop_app.forms.answer_path import field_of
from desktop_app.forms.migrate import UpgradePlan, plan_upgrade
from desktop_app.forms.registry import load_shipped, newer_editions
from desktop_app.service.results import META_PREFIX, PARKED_PREFIX, Changed
from desktop_app.service.sealing import Marking
from desktop_app.storage import changelog
from desktop_app.storage.changelog import FORM_PIN_PATH
from desktop_app.storage.connection import transaction
from desktop_app.storage.errors import Rejected
from desktop_app.storage.records import Entry

if TYPE_CHECKING:
    from desktop_app.service.desk import Desk


def _pin(form: FormDefinition) -> dict[str, str]:
    return {"id": form.id, "edition": form.edition, "hash": form.content_hash}


def preview(desk: Desk, app_id: int, new: FormDefinition) -> UpgradePlan:
    view = desk.apps.open(app_id)
    old = desk.apps.form_of(app_id)
    if new.id != old.id:
        raise Rejected(f"{new.key}은(는) 다른 사업입니다. 다른 사업으로는 '이어 쓰기'(복사)를 쓰세요",
                       f"{new.key} is another programme; carry the answers forward with a copy instead")
    if new.edition == old.edition and new.content_hash == view.app.form_hash:
        raise Rejected(f"이미 {new.key} 양식입니다", f"the draft is already on {new.key}")
    return plan_upgrade(view.values, old, new, editions=load_shipped())


def apply(desk: Desk, app_id: int, new: FormDefinition) -> tuple[UpgradePlan, Changed]:
    plan = preview(desk, app_id, new)
    view = desk.apps.open(app_id)
    if view.app.status in ("submitted", "archived"):
        raise Rejected("제출했거나 보관한 신청서는 바꿀 수 없습니다. 복사해서 올리세요",
                       "a submitted or archived application is read-only; copy it first")
    old = desk.apps.form_of(app_id)
    provenance = {p: a.provenance for p, a in view.answers.items()}
    puts: dict[str, Entry | None] = {
        p: None for p in view.answers if not p.startswith((PARKED_PREFIX, META_PREFIX))}
    came_from = {field_of(s.target): field_of(s.source) for s in plan.steps if s.target}
    for path, value in plan.values.items():  # an answer keeps how it was given (typed, profile …)
        source = came_from.get(path, path)
        puts[path] = (value, provenance.get(source, "carried"))
    for path, value in plan.parked.items():
        puts[PARKED_PREFIX + path] = (value, "carried")
    puts[FORM_PIN_PATH] = (_pin(new), "computed")
    sealer, marking = desk.sealer, Marking.of(old, new)  # sensitive in either edition: sealed
    if view.unreadable or sealer.needs_key(puts, marking):
        sealer.ensure()  # a sealed answer it cannot open must stop the upgrade, not vanish
    db = desk.store.db
    with transaction(db):
        if FORM_PIN_PATH not in view.answers:  # drafts from before pins: record the old one first
            changelog.write(db, app_id, "pin", {FORM_PIN_PATH: (_pin(old), "computed")}, label=old.key)
        written = changelog.write(db, app_id, "upgrade", sealer.seal_puts(app_id, puts, marking),
                                  label=f"{old.key} → {new.key}", force=True)
    assert written is not None
    return plan, Changed(app_id=app_id, rev=written.rev, paths=written.paths, applications=True,
                         parked=tuple(plan.parked))


class Upgrades:
    """`desk.upgrades`: move a draft to a newer edition (or to its edition's changed definition)."""

    def __init__(self, desk: Desk) -> None:
        self._desk = desk

    def preview(self, app_id: int, new: FormDefinition) -> UpgradePlan:
        """What `apply` would do; writes nothing."""
        return preview(self._desk, app_id, new)

    def apply(self, app_id: int, new: FormDefinition) -> tuple[UpgradePlan, Changed]:
        return apply(self._desk, app_id, new)

    @staticmethod
    def newer(forms: Iterable[FormDefinition], form: FormDefinition) -> list[FormDefinition]:
        """Editions of `form`'s programme newer than it, oldest first."""
        return newer_editions(forms, form.id, form.edition)

    def target(self, app_id: int, forms: Iterable[FormDefinition]) -> FormDefinition:
        """Where an upgrade goes: the newest edition, else the same edition (its definition
        changed since the draft began)."""
        old = self._desk.apps.form_of(app_id)
        newer = self.newer(forms, old)
        return newer[-1] if newer else old

    @staticmethod
    def describe(plan: UpgradePlan, labels: dict[str, str] | None = None) -> list[str]:
        return describe(plan, labels)


def describe(plan: UpgradePlan, labels: dict[str, str] | None = None) -> list[str]:
    """The plan as lines a person reads before agreeing to it."""
    labels = labels or {}

    def name(path: str) -> str:
        return labels.get(field_of(path), path)

    lines = []
    for s in plan.steps:
        if s.kind == "keep":
            continue
        if s.target is None:
            lines.append(f"! {name(s.source)}: {_short(s.before)} — {s.reason}")
        elif s.kind == "default":
            lines.append(f"+ {name(s.target)} = {_short(s.after)}")
        else:
            lines.append(f"~ {name(s.source) if s.source else ''} → {name(s.target)}: {_short(s.after)}")
    return lines


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 50 else text[:47] + "…"
