"""Sensitive answers and profile values, sealed before storage and opened after it.

Which answers are sensitive comes from the form (`sensitive: true` on a field, or on a table's
column); which profile keys, from `profile.SENSITIVE_KEYS`. Sealing is deterministic
(security.aead), so storage compares, undoes and restores sealed text exactly as before and
never sees a plaintext. Reading is forgiving where the user only looks (an application opens with
its sensitive answers left out and a warning when the key is missing) and strict where the value
is carried somewhere else (copy, prefill, export): there a missing key is an error.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from desktop_app.forms import FormDefinition
from desktop_app.security import fields as sealed
from desktop_app.security.aead import DataKey, OpenFailed
from desktop_app.security.errors import KeyUnavailable, SealBroken
from desktop_app.security.vault import Vault
from desktop_app.service.profile import SENSITIVE_KEYS
from desktop_app.service.results import PARKED_PREFIX
from desktop_app.storage.errors import Rejected
from desktop_app.storage.records import Answer, Change, Client, Entry

UNREADABLE = "[암호화됨 / encrypted]"
"""Shown in history in place of a value that cannot be opened now (display only)."""


@dataclass(frozen=True)
class Marking:
    """The sensitive parts of a form: whole fields, and columns of table fields."""

    whole: frozenset[str] = frozenset()
    columns: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, *forms: FormDefinition | None) -> Marking:
        whole: set[str] = set()
        columns: dict[str, frozenset[str]] = {}
        for form in forms:
            for f in form.fields.values() if form else ():
                if f.sensitive:
                    whole.add(f.id)
                cols = frozenset(c.id for c in f.columns if c.sensitive)
                if cols:
                    columns[f.id] = columns.get(f.id, frozenset()) | cols
        return cls(frozenset(whole), columns)

    def covers(self, path: str) -> bool:
        base = path.removeprefix(PARKED_PREFIX)
        return base in self.whole or base in self.columns

    def __bool__(self) -> bool:
        return bool(self.whole or self.columns)


class Sealer:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self._batch_depth = 0
        self._gave_up: KeyUnavailable | None = None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Forgiving reads of many values ask for the key once: after the first failure (a
        wrong passphrase typed at a prompt) the rest of the batch is left out without asking."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if not self._batch_depth:
                self._gave_up = None

    def _key(self) -> DataKey:
        if self._gave_up is not None:
            raise self._gave_up
        try:
            return self.vault.key()
        except KeyUnavailable as exc:
            if self._batch_depth:
                self._gave_up = exc
            raise

    def ensure(self) -> None:
        """Get (or create) the key before a write transaction starts (see Vault)."""
        self.vault.ensure()

    # ---- answers -------------------------------------------------------------------------
    def seal_value(self, app_id: int, path: str, value: Any, marking: Marking) -> Any:
        if sealed.contains_sealed(value):
            raise Rejected(f"{path}: '$sealed' 값은 입력할 수 없습니다",
                           f"{path}: a value shaped like {{\"$sealed\": …}} is reserved")
        base = path.removeprefix(PARKED_PREFIX)
        if value is None or not marking.covers(path):
            return value
        if base in marking.whole:
            return sealed.seal_value(self._key(), value, sealed.answer_ad(app_id, path))
        if not isinstance(value, list):
            return value
        cols = marking.columns[base]
        return [{c: sealed.seal_value(self._key(), v, sealed.answer_ad(app_id, path, c))
                 if c in cols and v is not None else v for c, v in row.items()}
                if isinstance(row, dict) else row for row in value]

    def seal_puts(self, app_id: int, puts: Mapping[str, Entry | None], marking: Marking
                  ) -> dict[str, Entry | None]:
        return {p: None if e is None else (self.seal_value(app_id, p, e[0], marking), e[1])
                for p, e in puts.items()}

    def needs_key(self, paths: Mapping[str, Any], marking: Marking) -> bool:
        return any(marking.covers(p) and v is not None for p, v in paths.items())

    def open_value(self, app_id: int, path: str, value: Any) -> Any:
        """Strict: raises KeyUnavailable children or SealBroken."""
        if sealed.is_sealed(value):
            return self._open(value, sealed.answer_ad(app_id, path), path)
        if isinstance(value, list) and sealed.contains_sealed(value):
            return [{c: self._open(v, sealed.answer_ad(app_id, path, c), f"{path}.{c}")
                     if sealed.is_sealed(v) else v for c, v in row.items()}
                    if isinstance(row, dict) else row for row in value]
        return value

    def open_bytes(self, app_id: int, path: str, value: dict[str, str]) -> bytes:
        """A whole-sealed answer's canonical JSON bytes, unparsed (re-sealed as they are for the
        team server); raises KeyUnavailable children or SealBroken."""
        try:
            return sealed.open_bytes(self._key(), value, sealed.answer_ad(app_id, path))
        except OpenFailed:
            raise SealBroken(path) from None

    def _open(self, value: dict[str, str], ad: bytes, where: str) -> Any:
        try:
            return sealed.open_value(self._key(), value, ad)
        except OpenFailed:
            raise SealBroken(where) from None

    def open_entries(self, app_id: int, entries: Mapping[str, Entry]) -> dict[str, Entry]:
        return {p: (self.open_value(app_id, p, v), prov) for p, (v, prov) in entries.items()}

    def open_answers(self, app_id: int, answers: Mapping[str, Answer]
                     ) -> tuple[dict[str, Answer], tuple[str, ...], str]:
        """(readable answers, paths left out, why) — forgiving, for showing an application."""
        out: dict[str, Answer] = {}
        left_out: list[str] = []
        reason = ""
        with self.batch():
            for path, answer in answers.items():
                try:
                    opened = self.open_value(app_id, path, answer.value)
                    # most answers are not sealed: the same object, no copy (a batch's hot path)
                    out[path] = answer if opened is answer.value else replace(answer, value=opened)
                except (KeyUnavailable, SealBroken) as exc:
                    left_out.append(path)
                    reason = reason or str(exc)
        return out, tuple(left_out), reason

    def open_for_display(self, app_id: int, path: str, value: Any) -> Any:
        try:
            return self.open_value(app_id, path, value)
        except (KeyUnavailable, SealBroken):
            return UNREADABLE

    def open_changes(self, app_id: int, changes: list[Change]) -> list[Change]:
        with self.batch():
            return [replace(c, old=self.open_for_display(app_id, c.path, c.old),
                            new=self.open_for_display(app_id, c.path, c.new)) for c in changes]

    def open_clients(self, clients: list[Client]) -> list[Client]:
        with self.batch():
            return [self.open_client(c) for c in clients]

    # ---- client profiles -----------------------------------------------------------------
    def seal_profile(self, client_id: int, values: Mapping[str, Any]) -> dict[str, Any]:
        for key, value in values.items():
            if sealed.contains_sealed(value):
                raise Rejected(f"{key}: '$sealed' 값은 입력할 수 없습니다",
                               f"{key}: a value shaped like {{\"$sealed\": …}} is reserved")
        return {k: sealed.seal_value(self._key(), v, sealed.profile_ad(client_id, k))
                if k in SENSITIVE_KEYS and v is not None else v for k, v in values.items()}

    def hidden_profile(self, client: Client) -> tuple[tuple[str, ...], str]:
        """The sensitive profile keys the key cannot open now, and why: for a warning where
        a forgiving read leaves them out (`clients show`)."""
        left: list[str] = []
        reason = ""
        for key, value in client.profile.items():
            if not sealed.is_sealed(value):
                continue
            try:
                self._open(value, sealed.profile_ad(client.id, key), key)
            except (KeyUnavailable, SealBroken) as exc:
                left.append(key)
                reason = reason or str(exc)
        return tuple(left), reason

    def open_client(self, client: Client, *, strict: bool = False) -> Client:
        """Sensitive keys opened; when forgiving, ones that cannot be opened are left out."""
        if not any(sealed.is_sealed(v) for v in client.profile.values()):
            return client
        profile: dict[str, Any] = {}
        for key, value in client.profile.items():
            if not sealed.is_sealed(value):
                profile[key] = value
                continue
            try:
                profile[key] = self._open(value, sealed.profile_ad(client.id, key), key)
            except (KeyUnavailable, SealBroken):
                if strict:
                    raise
        return replace(client, profile=profile)
