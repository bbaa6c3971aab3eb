"""What every part of the façade shares: the open store, the form lookup, the error guard."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from sqlite_utils import Database

from desktop_app.forms import FormDefinition, FormDefinitionError, FormNotFound
from desktop_app.security.vault import Vault
from desktop_app.service.sealing import Marking, Sealer
from desktop_app.storage import applications as app_rows
from desktop_app.storage.errors import Rejected
from desktop_app.storage.opening import Store, typed_errors
from desktop_app.storage.records import Application

FormLookup = Callable[[str], FormDefinition]
"""FORM spec (`ID@EDITION`) → definition; desktop_app.forms.find_form unless a test swaps it."""


class Context:
    def __init__(self, store: Store, forms: FormLookup, vault: Vault | None = None) -> None:
        self.store, self.forms = store, forms
        self._forms: dict[str, FormDefinition | None] = {}
        self.sealer = Sealer(vault or Vault(store.db))
        self._markings: dict[str, Marking] = {}

    @property
    def db(self) -> Database:
        return self.store.db

    def form_for(self, app: Application) -> FormDefinition | None:
        """The pinned edition's definition, or None when it is not installed (or broken).

        Remembered per key for the life of the Desk: finding a form parses every YAML file,
        and definitions are immutable (a draft pins the definition's hash anyway).
        """
        if app.form_key not in self._forms:
            try:
                self._forms[app.form_key] = self.forms(app.form_key)
            except (FormNotFound, FormDefinitionError):
                self._forms[app.form_key] = None
        return self._forms[app.form_key]

    def marking(self, app_id: int, app: Application | None = None) -> Marking:
        """The sensitive fields of the form an application is pinned to now (one small query:
        an edition upgrade may move the pin), or to `app` when the caller has just read it."""
        app = app if app is not None and app.id == app_id else app_rows.get(self.db, app_id)
        if app.form_key not in self._markings:
            self._markings[app.form_key] = Marking.of(self.form_for(app))
        return self._markings[app.form_key]

    def refuse_if_reviewer(self) -> None:
        """A team reviewer's desk changes nothing: the window was read-only, but `apps set`,
        `clients add` and the rest went through and stayed queued forever, showing the reviewer
        values nobody else had (a tester's). The database refuses a reviewer's push as well."""
        from desktop_app.storage import teamlog

        if teamlog.role(self.db) == "reviewer":
            raise Rejected("검토자 역할은 읽기 전용입니다: 이 컴퓨터에서는 신청서와 고객사를 고칠 수 없습니다",
                           "the reviewer role is read-only: nothing can be changed on this desk")

    def require_form(self, app: Application) -> FormDefinition:
        form = self.form_for(app)
        if form is None:
            raise Rejected(f"양식 {app.form_key}을(를) 찾을 수 없습니다",
                           f"the form {app.form_key} is not installed")
        return form


class Part:
    """A part of the façade (clients, applications, …) sharing one Context."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx


S = TypeVar("S", bound=Part)
P = ParamSpec("P")
R = TypeVar("R")


def guarded(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Raw sqlite3/OS errors leave the façade only as typed StorageErrors."""

    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        store = self._ctx.store
        with typed_errors(store.location):
            try:
                return method(self, *args, **kwargs)
            finally:
                store.wrote()  # a deferred (window) store syncs what this committed

    functools.update_wrapper(wrapper, method)
    return wrapper
