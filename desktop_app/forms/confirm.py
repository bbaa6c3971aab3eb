"""Settings the sources do not state for an edition (`confirm: true`), and where the user meets them.

A value an author had to assume (last year's cap kept as a placeholder) must never look like a fact:
every question, computed value and export that depends on one says "공고문 확인 필요" with the value.
A question depends on a setting when the setting decides whether it is shown or required, or a rule
reported on that question reads it — directly, in its message, or through computed values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from desktop_app.forms.display import format_bool, format_date, format_number
from desktop_app.forms.marks import strip_marks
from desktop_app.forms.model import Bands, FieldDef, FormDefinition, Rule

_SETTING = re.compile(r"settings\.([a-z_][a-z0-9_]*)")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")
MARK = {"ko": "공고문 확인 필요", "en": "to confirm against the notice"}

_CACHE: dict[tuple[str, str], _Index] = {}


class _Index:
    """For one form: the unconfirmed settings behind every field and computed value."""

    def __init__(self, form: FormDefinition) -> None:
        self.form = form
        self.names = tuple(n for n, s in form.settings.items() if s.confirm)
        self._computed: dict[str, frozenset[str]] = {}
        self._by_id = {c.id: c for c in form.computed}
        self.fields: dict[str, tuple[str, ...]] = {}
        if not self.names:
            return
        for c in form.computed:
            self._computed_settings(c.id, frozenset())
        rules: list[Rule] = list(form.rules)
        for f in form.fields.values():
            rules += f.rules
        for fid, f in form.fields.items():
            used = set(self._in_field(f))
            for col in f.columns:
                used |= self._in_field(col)
            for r in rules:
                if any(p == fid or p.startswith(fid + ".") for p in r.fields) or (r in f.rules and not r.fields):
                    used |= self._in_texts([r.when, r.message.ko, r.message.en])
            self.fields[fid] = self._ordered(used)

    def _computed_settings(self, cid: str, seen: frozenset[str]) -> frozenset[str]:
        if cid in self._computed:
            return self._computed[cid]
        c = self._by_id.get(cid)
        if c is None or cid in seen:
            return frozenset()
        used = set(_SETTING.findall(c.expr))
        for name in set(_NAME.findall(_SETTING.sub("", c.expr))):
            if name != cid and name in self._by_id:
                used |= self._computed_settings(name, seen | {cid})
        self._computed[cid] = frozenset(used)
        return self._computed[cid]

    def _in_texts(self, texts: Iterable[str | None]) -> set[str]:
        used: set[str] = set()
        for text in texts:
            if not text:
                continue
            used |= set(_SETTING.findall(text))
            for name in set(_NAME.findall(_SETTING.sub("", text))):
                if name in self._computed:
                    used |= self._computed[name]
        return used

    def _in_field(self, f: FieldDef) -> set[str]:
        exprs = [f.show_if, f.required if isinstance(f.required, str) else None,
                 f.warn_min_length if isinstance(f.warn_min_length, str) else None]
        return self._in_texts(exprs)

    def _ordered(self, used: Iterable[str]) -> tuple[str, ...]:
        chosen = set(used)
        return tuple(n for n in self.names if n in chosen)

    def computed(self, cid: str) -> tuple[str, ...]:
        return self._ordered(self._computed.get(cid, ()))


def _index(form: FormDefinition) -> _Index:
    key = (form.key, form.content_hash)
    if key not in _CACHE:
        _CACHE[key] = _Index(form)
    return _CACHE[key]


def unconfirmed(form: FormDefinition) -> tuple[str, ...]:
    """Every setting of the form marked `confirm: true`, in the file's order."""
    return _index(form).names


def for_field(form: FormDefinition, field_id: str) -> tuple[str, ...]:
    """The unconfirmed settings a question depends on (shown beside it)."""
    return _index(form).fields.get(field_id, ())


def for_computed(form: FormDefinition, computed_id: str) -> tuple[str, ...]:
    """The unconfirmed settings a computed value is calculated from."""
    return _index(form).computed(computed_id)


def setting_value(value: Any, lang: str) -> str:
    """A setting's value as the user reads it (thousands separators, dates, 예/아니오)."""
    if isinstance(value, bool):
        return format_bool(value, lang, marks=False)
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if isinstance(value, tuple):
        return ", ".join(setting_value(v, lang) for v in value)
    if isinstance(value, Bands):
        return " / ".join(setting_value(s.value, lang) for s in value.steps)
    return str(value)


def describe(form: FormDefinition, name: str, lang: str, *, note: bool = False) -> str:
    """`label value` of one setting, with its note (source marks removed) when asked."""
    s = form.settings[name]
    text = f"{s.label.get(lang)} {setting_value(s.value, lang)}"
    if note and s.note is not None:
        why = strip_marks(s.note.get(lang)).strip(" —-")
        if why:
            text += f" ({why})"
    return text


def line(form: FormDefinition, names: Iterable[str], lang: str, *, limit: int = 3) -> str:
    """One line for beside a question: '공고문 확인 필요: A 60,000,000 · B 20 외 2개'."""
    names = list(names)
    if not names:
        return ""
    shown = " · ".join(describe(form, n, lang) for n in names[:limit])
    more = len(names) - limit
    if more > 0:
        shown += f" 외 {more}개" if lang == "ko" else f" and {more} more"
    return f"{MARK[lang]}: {shown}"
