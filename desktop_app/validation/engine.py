"""Validation of a whole application: types, visibility, required, tables, computed values,
cross-field rules, attachments and completion per section.

Visibility comes first: a hidden field is never required and its answer, though kept, is
unknown to expressions and left out of output. Rules fire only when all their inputs are known.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import PurePath
from typing import Any, Literal

from desktop_app.forms.answer_path import field_of
from desktop_app.forms.expressions import Evaluator, Expression, Rows, compile_expr
from desktop_app.forms.kinds import kind_of
from desktop_app.forms.model import Attachment, FieldDef, FormDefinition, Rule, Text
from desktop_app.validation.fieldchecks import check_value, is_blank
from desktop_app.validation.messages import render

Severity = Literal["error", "warning", "info"]
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Issue:
    path: str
    code: str
    severity: Severity
    message_ko: str
    message_en: str
    section: str | None = None
    related: tuple[str, ...] = ()

    def message(self, lang: str = "ko") -> str:
        return self.message_en if lang == "en" else self.message_ko

    def as_json(self, lang: str = "ko") -> dict[str, Any]:
        return {"path": self.path, "code": self.code, "severity": self.severity,
                "message": self.message(lang), "message_ko": self.message_ko,
                "message_en": self.message_en, "section": self.section}


@dataclass(frozen=True)
class AttachmentFile:
    """What validation needs to know of one attached file (the caller looks at the disk)."""

    name: str
    size: int | None
    exists: bool = True


@dataclass(frozen=True)
class ClientDocumentFile:
    """A client's own document offered for an item the application has no file for: the file,
    what it is, when it was issued and the last day it is good (None: it does not age)."""

    file: AttachmentFile
    document: Text           # the kind's name (forms/shared/documents.yaml)
    rule: Text               # its validity rule as the user reads it
    issued: dt.date
    expires: dt.date | None
    expiring_days: int = 14  # closer than this to `expires` is a warning already


@dataclass
class SectionProgress:
    section_id: str
    visible: bool
    required: int = 0
    answered: int = 0
    errors: int = 0
    warnings: int = 0

    @property
    def percent(self) -> int:
        return 100 if self.required == 0 else (100 * self.answered) // self.required


@dataclass
class ValidationResult:
    issues: list[Issue]
    values: dict[str, Any]
    computed: dict[str, Any]
    hidden_fields: frozenset[str]
    hidden_sections: frozenset[str]
    progress: dict[str, SectionProgress]
    required_attachments: tuple[str, ...] = ()
    from_client: tuple[str, ...] = ()  # items filled by the client's own documents

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def blocking(self) -> bool:
        return any(i.severity == "error" for i in self.issues)

    @property
    def percent(self) -> int:
        visible = [p for p in self.progress.values() if p.visible]
        req = sum(p.required for p in visible)
        return 100 if req == 0 else (100 * sum(p.answered for p in visible)) // req


@cache
def _compiled(source: str) -> Expression:
    return compile_expr(source)


def _label(f: FieldDef, table: FieldDef | None = None, row: int | None = None) -> Text:
    if table is None or row is None:
        return f.label
    return Text(ko=f"{table.label.ko} {row + 1}행 · {f.label.ko}",
                en=f"{table.label.en} row {row + 1} · {f.label.en}")


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)\}")


def _show(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def fill_template(text: str, names: Mapping[str, Any], settings: Mapping[str, Any]) -> str:
    """Replace {name} and {settings.name} in a rule message with formatted values."""

    def repl(m: re.Match[str]) -> str:
        key = m.group(1)
        if key.startswith("settings."):
            return _show(settings.get(key.split(".", 1)[1]))
        return _show(names.get(key))

    return _PLACEHOLDER.sub(repl, text)


# Codes for an answer that was given but reads as nothing of its type: "required" would be wrong.
_UNREAD = frozenset({"type", "choice.unknown", "boolean.unknown", "date.format", "datetime.format"})


class _Run:
    def __init__(self, form: FormDefinition, today: dt.date,
                 file_exists: Callable[[str], bool] | None) -> None:
        self.form = form
        self.today = today
        self.file_exists = file_exists
        self.settings = {k: s.value for k, s in form.settings.items()}
        self.ev = Evaluator(today, self.settings)
        self.issues: list[Issue] = []
        self.unread: set[str] = set()  # paths whose answer was given but is no value of its type

    # --- emitting
    def add(self, path: str, code: str, label: Text | None, severity: Severity = "error",
            section: str | None = None, **params: Any) -> None:
        ko_params = {**params, "label": label.ko if label else ""}
        en_params = {**params, "label": label.en if label else ""}
        ko, _ = render(code, **ko_params)
        _, en = render(code, **en_params)
        self.issues.append(Issue(path, code, severity, ko, en, section))

    # --- typing
    def type_scalar(self, f: FieldDef, raw: Any) -> tuple[Any, list[tuple[str, dict[str, Any]]]]:
        if is_blank(raw):
            return None, []
        return check_value(f, raw, self.today, self.settings)

    def type_rows(self, table: FieldDef, raw: Any, pending: list[Callable[[], None]]) -> Rows:
        rows = Rows()
        if is_blank(raw):
            return rows
        section = self.form.section_of[table.id].id
        if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
            pending.append(partial(self.add, table.id, "type", table.label, section=section,
                                   expected="행 목록", expected_en="a list of rows"))
            return rows
        for i, raw_row in enumerate(raw):
            row: dict[str, Any] = {}
            for key in raw_row:
                if key not in table.column_map:
                    path = f"{table.id}[{i}].{key}"
                    pending.append(partial(self.add, path, "unknown_field", None, "warning", section, key=key))
            for col in table.columns:
                value, found = self.type_scalar(col, raw_row.get(col.id))
                row[col.id] = value
                label = _label(col, table, i) if found else col.label  # the row's label only when said
                for code, params in found:
                    path = f"{table.id}[{i}].{col.id}"
                    if code in _UNREAD:
                        self.unread.add(path)
                    sev: Severity = "warning" if code == "thin_text" else "error"
                    pending.append(partial(self.add, path, code, label, sev, section, **params))
            rows.append(row)
        return rows

    # --- the whole run
    def run(self, answers: Mapping[str, Any],
            attachments: Mapping[str, Sequence[AttachmentFile]] | None,
            client_documents: Mapping[str, ClientDocumentFile] | None = None) -> ValidationResult:
        form = self.form
        for key in answers:
            if key not in form.fields:
                self.add(key, "unknown_field", None, "warning", key=key)
        values: dict[str, Any] = form.edition_values()
        values["settings"] = self.ev.settings  # every scope carries it: no copy per evaluation
        pending: dict[str, list[Callable[[], None]]] = {}
        for f in form.fields.values():
            raw = answers.get(f.id, f.default)
            todo: list[Callable[[], None]] = []
            if f.kind.has_columns:
                values[f.id] = self.type_rows(f, raw, todo)
            else:
                value, found = self.type_scalar(f, raw)
                values[f.id] = value
                for code, params in found:
                    if code in _UNREAD:
                        self.unread.add(f.id)
                    sev: Severity = "warning" if code == "thin_text" else "error"
                    todo.append(partial(self.add, f.id, code, f.label, sev, self.form.section_of[f.id].id,
                                        **params))
            pending[f.id] = todo

        hidden_sections, hidden_fields, scope, computed = self.resolve(values)
        for f in form.fields.values():
            if f.id in hidden_fields:
                continue
            for emit in pending[f.id]:
                emit()
            self.check_presence(f, scope)
            if f.kind.has_columns:
                self.check_table(f, scope)
        for rule in form.rules:
            self.check_rule(rule, scope, rule.fields, None)
        required_attachments, from_client = self.check_attachments(scope, attachments, client_documents)
        progress = self.progress(hidden_sections, hidden_fields, scope)
        self.issues.sort(key=lambda i: (_SEVERITY_ORDER[i.severity], self.section_index(i.section)))
        visible_values = {k: v for k, v in scope.items() if k in form.fields and k not in hidden_fields}
        return ValidationResult(self.issues, visible_values, computed, frozenset(hidden_fields),
                                frozenset(hidden_sections), progress, required_attachments, from_client)

    def section_index(self, section: str | None) -> int:
        ids = [s.id for s in self.form.sections]
        return ids.index(section) if section in ids else len(ids)

    def resolve(self, values: dict[str, Any]) -> tuple[set[str], set[str], dict[str, Any], dict[str, Any]]:
        """Visibility and computed values, to a fixed point (two rounds suffice for one level)."""
        scope: dict[str, Any] = dict(values)
        hidden_sections: set[str] = set()
        hidden_fields: set[str] = set()
        computed: dict[str, Any] = {}
        for _ in range(3):
            self.fill_computed_columns(scope)
            computed = self.compute(scope)
            scope.update(computed)
            new_sections, new_fields = self.visibility(scope)
            if (new_sections, new_fields) == (hidden_sections, hidden_fields):
                # the scope these were computed on is the one the same hiding would build
                # again: computing it a second time (as before) was a sixth of a check
                return hidden_sections, hidden_fields, scope, computed
            scope = dict(values)
            for fid in new_fields:
                scope[fid] = Rows() if self.form.fields[fid].kind.has_columns else None
            hidden_sections, hidden_fields = new_sections, new_fields
        self.fill_computed_columns(scope)
        computed = self.compute(scope)
        scope.update(computed)
        return hidden_sections, hidden_fields, scope, computed

    def visibility(self, scope: Mapping[str, Any]) -> tuple[set[str], set[str]]:
        hidden_sections: set[str] = set()
        hidden_fields: set[str] = set()
        for s in self.form.sections:
            if s.show_if and not self.ev.truth(_compiled(s.show_if), scope, skip_unknown=False):
                hidden_sections.add(s.id)
                hidden_fields.update(f.id for f in s.fields)
                continue
            for f in s.fields:
                if f.show_if and not self.ev.truth(_compiled(f.show_if), scope, skip_unknown=False):
                    hidden_fields.add(f.id)
        return hidden_sections, hidden_fields

    def compute(self, scope: Mapping[str, Any]) -> dict[str, Any]:
        names = dict(scope)
        out: dict[str, Any] = {}
        pending = list(self.form.computed)
        for _ in range(len(pending) + 1):  # dependency order without a stored sort
            if not pending:
                break
            later = []
            for c in pending:
                deps = _compiled(c.expr).names & set(self.form.computed_map)
                if deps - set(out):
                    later.append(c)
                    continue
                value = self.ev.evaluate(_compiled(c.expr), names)
                out[c.id] = names[c.id] = kind_of(c.type).computed(value)
            pending = later
        return out

    def fill_computed_columns(self, scope: dict[str, Any]) -> None:
        for f in self.form.fields.values():
            computed_cols = [c for c in f.columns if c.compute]
            if not computed_cols or not isinstance(scope.get(f.id), Rows):
                continue
            for row in scope[f.id]:
                row_scope = {**scope, **row}
                for c in computed_cols:
                    assert c.compute is not None
                    value = c.kind.computed(self.ev.evaluate(_compiled(c.compute), row_scope))
                    row[f"__given_{c.id}"] = row.get(f"__given_{c.id}", row.get(c.id))
                    row[c.id] = row_scope[c.id] = value

    def is_required(self, f: FieldDef, scope: Mapping[str, Any]) -> bool:
        if isinstance(f.required, bool):
            return f.required
        return self.ev.truth(_compiled(f.required), scope, skip_unknown=False)

    def check_presence(self, f: FieldDef, scope: Mapping[str, Any]) -> None:
        value = scope.get(f.id)
        if self.is_required(f, scope) and is_blank(value) and f.id not in self.unread:
            self.add(f.id, "required", f.label, section=self.form.section_of[f.id].id)
        if f.kind.holds_file and isinstance(value, str) and self.file_exists and not self.file_exists(value):
            self.add(f.id, "file.not_found", f.label, section=self.form.section_of[f.id].id,
                     name=value)

    def check_table(self, table: FieldDef, scope: Mapping[str, Any]) -> None:
        rows: Rows = scope[table.id]
        section = self.form.section_of[table.id].id
        n = len(rows)
        if n and table.min_rows is not None and n < table.min_rows:
            self.add(table.id, "table.min_rows", table.label, section=section, bound=table.min_rows, actual=n)
        if table.max_rows is not None and n > table.max_rows:
            self.add(table.id, "table.max_rows", table.label, section=section, bound=table.max_rows, actual=n)
        for i, row in enumerate(rows):
            row_scope = {**scope, **row}
            for col in table.columns:
                path = f"{table.id}[{i}].{col.id}"
                if col.show_if and not self.ev.truth(_compiled(col.show_if), row_scope, skip_unknown=False):
                    continue
                if (not col.compute and self.is_required(col, row_scope) and is_blank(row.get(col.id))
                        and path not in self.unread):  # given but unreadable: that error says it
                    self.add(path, "required", _label(col, table, i), section=section)
                given = row.get(f"__given_{col.id}")
                if col.compute and given is not None and row.get(col.id) is not None and given != row[col.id]:
                    self.add(path, "computed_mismatch", _label(col, table, i), section=section,
                             expected=_show(row[col.id]), actual=_show(given))
            for rule in table.rules:
                paths = tuple(f"{table.id}[{i}].{c}" for c in rule.fields) or (f"{table.id}[{i}]",)
                self.check_rule(rule, row_scope, paths, section, row=i, table=table)

    def check_rule(self, rule: Rule, scope: Mapping[str, Any], paths: Sequence[str],
                   section: str | None, row: int | None = None, table: FieldDef | None = None) -> None:
        if not self.ev.truth(_compiled(rule.when), scope, skip_unknown=True):
            return
        ko = fill_template(rule.message.ko, scope, self.settings)
        en = fill_template(rule.message.en, scope, self.settings)
        if table is not None and row is not None:
            ko, en = f"{table.label.ko} {row + 1}행: {ko}", f"{table.label.en} row {row + 1}: {en}"
        first = paths[0] if paths else ""
        if section is None and first:
            owner = self.form.section_of.get(field_of(first))
            section = owner.id if owner else None
        self.issues.append(Issue(first, rule.id, rule.severity, ko, en, section, tuple(paths)))

    def check_attachments(self, scope: Mapping[str, Any],
                          attachments: Mapping[str, Sequence[AttachmentFile]] | None,
                          client_documents: Mapping[str, ClientDocumentFile] | None = None
                          ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Every item's files; a required item the application has no file for takes the
        client's own document of its kind, which must still be good on the day checked.
        Returns the required items and those the client's documents filled."""
        given = attachments or {}
        offered = client_documents or {}
        known = {a.id for a in self.form.attachments}
        for key in given:
            if key not in known:
                self.add(f"attachments.{key}", "attachment.unknown", None, "warning", key=key)
        required: list[str] = []
        from_client: list[str] = []
        for a in self.form.attachments:
            files = list(given.get(a.id, ()))
            if _attachment_required(a, self.ev, scope):
                required.append(a.id)
                if not files and a.id in offered:
                    from_client.append(a.id)
                    self.check_client_document(a, offered[a.id])
                    files = [offered[a.id].file]
                if not files:
                    self.add(f"attachments.{a.id}", "attachment.missing", a.label)
            for file in files:
                self.check_file(a, file)
        return tuple(required), tuple(from_client)

    def check_client_document(self, a: Attachment, doc: ClientDocumentFile) -> None:
        if doc.expires is None:
            return
        params: dict[str, Any] = {"name": PurePath(doc.file.name).name, "issued": doc.issued.isoformat(),
                  "expires": doc.expires.isoformat(), "document_ko": doc.document.ko,
                  "document_en": doc.document.en, "rule_ko": doc.rule.ko, "rule_en": doc.rule.en}
        path = f"attachments.{a.id}"
        if self.today > doc.expires:
            self.add(path, "client_document.expired", a.label, "error", None, **params)
        elif (doc.expires - self.today).days < doc.expiring_days:
            self.add(path, "client_document.expiring", a.label, "warning", None,
                     days=(doc.expires - self.today).days, **params)

    def check_file(self, a: Attachment, file: AttachmentFile) -> None:
        path = f"attachments.{a.id}"
        name = PurePath(file.name).name
        if not file.exists:
            self.add(path, "file.not_found", a.label, name=file.name)
            return
        suffix = PurePath(name).suffix.lower().lstrip(".")
        if suffix not in a.accept:
            self.add(path, "attachment.type", a.label, name=name, allowed=", ".join(a.accept))
        if file.size is not None and file.size > a.max_size_mb * 1024 * 1024:
            self.add(path, "attachment.size", a.label, name=name, bound=f"{a.max_size_mb:g}")

    def progress(self, hidden_sections: set[str], hidden_fields: set[str],
                 scope: Mapping[str, Any]) -> dict[str, SectionProgress]:
        out = {s.id: SectionProgress(s.id, s.id not in hidden_sections) for s in self.form.sections}
        for s in self.form.sections:
            p = out[s.id]
            for f in s.fields:
                if f.id in hidden_fields or not self.is_required(f, scope):
                    continue
                p.required += 1
                p.answered += 0 if is_blank(scope.get(f.id)) else 1
        for issue in self.issues:
            if issue.section in out:
                if issue.severity == "error":
                    out[issue.section].errors += 1
                elif issue.severity == "warning":
                    out[issue.section].warnings += 1
        return out


def _attachment_required(a: Attachment, ev: Evaluator, scope: Mapping[str, Any]) -> bool:
    if a.required:
        return True
    if a.required_if:
        return ev.truth(_compiled(a.required_if), scope, skip_unknown=False)
    return False


def validate(form: FormDefinition, answers: Mapping[str, Any], *,
             attachments: Mapping[str, Sequence[AttachmentFile]] | None = None,
             today: dt.date | None = None,
             file_exists: Callable[[str], bool] | None = None,
             client_documents: Mapping[str, ClientDocumentFile] | None = None) -> ValidationResult:
    """Every issue of `answers` against `form`; never raises for bad answers.
    `client_documents`: by item id, the client's own document offered where no file is attached."""
    return _Run(form, today or dt.date.today(), file_exists).run(answers, attachments, client_documents)
