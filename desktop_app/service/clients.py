"""Clients: create, edit, search, archive. A client's profile prefills new applications."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from desktop_app.service import profile
from desktop_app.service.context import Part, guarded
from desktop_app.service.profile import SENSITIVE_KEYS
from desktop_app.service.results import Changed
from desktop_app.storage import clients as rows
from desktop_app.storage import search
from desktop_app.storage.connection import transaction
from desktop_app.storage.errors import Rejected
from desktop_app.storage.records import Application, Client

_OPTIONS: dict[str, list[Any]] = {}


def profile_value_problems(values: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """The profile's values judged by the shipped forms bound to their keys (read once)."""
    from desktop_app.forms import load_shipped
    from desktop_app.service.profile_checks import profile_field_options, value_problems

    if not _OPTIONS:
        _OPTIONS.update(profile_field_options(load_shipped()))
    return value_problems(_OPTIONS, values)


def profile_rule_problems(profile: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """A whole profile judged by the newest form's rules on profile-bound fields alone."""
    from desktop_app.forms import load_shipped
    from desktop_app.service.profile_checks import rule_problems

    return rule_problems(load_shipped(), profile)


def _refuse(problems: Mapping[str, tuple[str, str]]) -> None:
    if problems:
        raise Rejected("; ".join(ko for ko, _ in problems.values()), "; ".join(en for _, en in problems.values()))


def name_key(name: str) -> str:
    """A company name as compared for duplicates: NFKC, case and spaces, the legal form
    ((주), 주식회사, ㈜ …) aside."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"\((주|유|사|합|재)\)|주식회사|유한회사|유한책임회사|\s+", "", text)
    return text


class DuplicateClient(Rejected):
    """The firm is already in the book; `existing` is the client it matches."""

    def __init__(self, existing: Client, reason: str) -> None:
        self.existing, self.reason = existing, reason
        why_ko = "같은 사업자등록번호" if reason == "brn" else "같은 기업명과 대표자"
        why_en = "the same business registration number" if reason == "brn" \
            else "the same name and representative"
        super().__init__(f"{why_ko}의 고객사가 이미 있습니다: #{existing.id} {existing.name}",
                         f"a client with {why_en} exists: #{existing.id} {existing.name}")


class Clients(Part):
    @guarded
    def duplicates(self, profile_values: Mapping[str, Any]) -> list[tuple[Client, str]]:
        """Clients that are the same firm as `profile_values`: same 사업자등록번호 ("brn"),
        or same name and 대표자 ("name")."""
        name = str(profile_values.get(rows.NAME_KEY) or "")
        brn = re.sub(r"\D", "", str(profile_values.get(rows.BRN_KEY) or ""))
        rep = str(profile_values.get(rows.REPRESENTATIVE_KEY) or "").strip()
        found = []
        for c in rows.same_brn_or_representative(self._ctx.db, brn, rep):
            if brn and c.brn == brn:
                found.append((c, "brn"))
            elif rep and c.representative == rep and name and name_key(c.name) == name_key(name):
                found.append((c, "name"))
        return found

    @guarded
    def create(self, profile_values: Mapping[str, Any], *, allow_invalid_brn: bool = False,
               allow_duplicate: bool = False) -> Changed:
        """A new client; `company.name` is required, other keys as known (see PROFILE_KEYS).
        A 사업자등록번호 that fails its check digit is refused, and so is a firm already in the
        book (DuplicateClient), unless the caller says otherwise (then a warning remains)."""
        self._ctx.refuse_if_reviewer()
        values, warnings = self._checked(profile_values)
        if not values.get(rows.NAME_KEY):
            raise Rejected("기업명(company.name)이 필요합니다", "company.name is required")
        if warnings and not allow_invalid_brn:
            bad = [w for w in warnings if w.startswith(rows.BRN_KEY)]
            if bad:
                raise Rejected(bad[0].split(" / ")[0], bad[0].split(" / ")[-1])
        _refuse(profile_rule_problems(values))
        if not allow_duplicate:
            for existing, reason in self.duplicates(values):
                raise DuplicateClient(existing, reason)
        secret = {k: v for k, v in values.items() if k in SENSITIVE_KEYS and v is not None}
        if not secret:
            client_id = rows.insert(self._ctx.db, values)
        else:  # sealing binds to the client id: insert, then add the sealed keys, one transaction
            self._ctx.sealer.ensure()
            with transaction(self._ctx.db):
                client_id = rows.insert(self._ctx.db, {k: v for k, v in values.items() if k not in secret})
                rows.update(self._ctx.db, client_id, self._ctx.sealer.seal_profile(client_id, secret))
        return Changed(client_id=client_id, clients=True, paths=tuple(values),
                       warnings=tuple(warnings))

    @guarded
    def edit(self, client_id: int, changes: Mapping[str, Any]) -> Changed:
        """Merge `changes` into the profile; a None value removes that key."""
        self._ctx.refuse_if_reviewer()
        values, warnings = self._checked(changes)
        if rows.NAME_KEY in values and not values[rows.NAME_KEY]:
            raise Rejected("기업명은 비워 둘 수 없습니다", "company.name cannot be empty")
        before = self._ctx.sealer.open_client(rows.get(self._ctx.db, client_id), strict=False).profile
        merged = {k: v for k, v in {**before, **values}.items() if v is not None}
        had = profile_rule_problems(before)  # an edit is refused what it newly breaks only
        _refuse({k: p for k, p in profile_rule_problems(merged).items() if had.get(k) != p})
        changed = rows.update(self._ctx.db, client_id, self._ctx.sealer.seal_profile(client_id, values))
        return Changed(client_id=client_id, clients=bool(changed), paths=tuple(changed),
                       warnings=tuple(warnings))

    @guarded
    def archive(self, client_id: int, archived: bool = True) -> Changed:
        changed = rows.set_archived(self._ctx.db, client_id, archived)
        return Changed(client_id=client_id, clients=changed)

    @guarded
    def get(self, client_id: int) -> Client:
        """Sensitive keys opened; left out (not an error) when the key is missing now."""
        return self._ctx.sealer.open_client(rows.get(self._ctx.db, client_id))

    @guarded
    def hidden(self, client_id: int) -> tuple[tuple[str, ...], str]:
        """(sensitive profile keys `get` leaves out because the key cannot open them, why)."""
        return self._ctx.sealer.hidden_profile(rows.get(self._ctx.db, client_id))

    @guarded
    def search(self, query: str = "", *, include_archived: bool = False,
               limit: int = 100, offset: int = 0) -> list[Client]:
        """By name, 사업자등록번호 (with or without hyphens) or representative; Korean-aware."""
        found = search.clients(self._ctx.db, query, include_archived=include_archived,
                               limit=limit, offset=offset)
        return self._ctx.sealer.open_clients(found)

    @guarded
    def count(self, query: str = "", *, include_archived: bool = False) -> int:
        """How many `search` finds without a limit."""
        return search.count_clients(self._ctx.db, query, include_archived=include_archived)

    @guarded
    def applications(self, client_id: int, *, include_archived: bool = False) -> list[Application]:
        return search.applications(self._ctx.db, client_id=client_id,
                                   include_archived=include_archived, limit=10_000)

    @guarded
    def draft_updates(self, client_id: int, before: Mapping[str, Any], changes: Mapping[str, Any]
                      ) -> dict[int, dict[str, Any]]:
        """After a profile edit: the answers of the client's open drafts (draft, ready) bound to
        a changed key that still hold the old profile value (or came from the profile) → the new
        value; the window offers to apply them with `apps.save_many(..., "profile")`."""
        from desktop_app.service.applications import Applications  # a sibling part, same context

        apps = Applications(self._ctx)
        plan: dict[int, dict[str, Any]] = {}
        for app in self.applications(client_id):
            if app.status not in ("draft", "ready"):
                continue
            view = apps.open(app.id)
            if view.form is None:
                continue
            for f in view.form.fields.values():
                if f.profile is None or f.profile not in changes:
                    continue
                current = view.answers.get(f.id)
                if current is None or current.provenance == "profile" or current.value == before.get(f.profile):
                    plan.setdefault(app.id, {})[f.id] = changes[f.profile]
        return plan

    @staticmethod
    def _checked(changes: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
        bad, unknown = profile.check_keys(changes)
        if bad:
            raise Rejected(f"프로필 키 형식이 잘못되었습니다: {', '.join(bad)}",
                           f"malformed profile key(s): {', '.join(bad)} (e.g. company.name)")
        values, warnings = profile.normalise(changes)
        refused = profile_value_problems({k: v for k, v in values.items() if k != rows.BRN_KEY})
        if refused:  # never kept as typed: every application bound to the key would refuse it
            raise Rejected("; ".join(ko for ko, _ in refused.values()),
                           "; ".join(en for _, en in refused.values()))
        warnings += [f"{k}: 알 수 없는 프로필 키 / unknown profile key" for k in unknown]
        return values, warnings
