"""Clients: create, edit, search, archive. A client's profile prefills new applications."""

from __future__ import annotations

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


class Clients(Part):
    @guarded
    def create(self, profile_values: Mapping[str, Any]) -> Changed:
        """A new client; `company.name` is required, other keys as known (see PROFILE_KEYS)."""
        values, warnings = self._checked(profile_values)
        if not values.get(rows.NAME_KEY):
            raise Rejected("기업명(company.name)이 필요합니다", "company.name is required")
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
        values, warnings = self._checked(changes)
        if rows.NAME_KEY in values and not values[rows.NAME_KEY]:
            raise Rejected("기업명은 비워 둘 수 없습니다", "company.name cannot be empty")
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

    @staticmethod
    def _checked(changes: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
        bad, unknown = profile.check_keys(changes)
        if bad:
            raise Rejected(f"프로필 키 형식이 잘못되었습니다: {', '.join(bad)}",
                           f"malformed profile key(s): {', '.join(bad)} (e.g. company.name)")
        values, warnings = profile.normalise(changes)
        warnings += [f"{k}: 알 수 없는 프로필 키 / unknown profile key" for k in unknown]
        return values, warnings
