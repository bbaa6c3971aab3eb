"""The façade the UI and the CLI call: `Desk.open()`, then `desk.clients`, `desk.apps`,
`desk.attachments`, `desk.documents` (a client's own documents), `desk.history`,
`desk.exports` (PDF), `desk.packages` (.vdpkg), `desk.answers` (answers files), `desk.upgrades`
(editions), plus backups and the vault.

Threading rule: a Desk (like the sqlite connection inside it) belongs to the thread that
opened it. A worker thread (PDF rendering, import, backup) opens its own Desk, or gets an
immutable snapshot (an AppView) from the GUI thread; never share one across threads.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop_app.forms import FormDefinition, find_form
from desktop_app.security.passphrase import PassphraseSource
from desktop_app.security.vault import Vault
from desktop_app.service.answer_files import AnswerFiles
from desktop_app.service.applications import Applications
from desktop_app.service.attachments import Attachments
from desktop_app.service.clients import Clients
from desktop_app.service.context import Context, FormLookup, Part, guarded
from desktop_app.service.documents import ClientDocuments
from desktop_app.service.export import Exports
from desktop_app.service.history import History
from desktop_app.service.packages import Packages
from desktop_app.service.results import Changed
from desktop_app.service.sealing import Sealer
from desktop_app.service.upgrade import Upgrades
from desktop_app.storage import backups
from desktop_app.storage.connection import DEFAULT_BUSY_TIMEOUT
from desktop_app.storage.durability import Mode
from desktop_app.storage.errors import StorageError
from desktop_app.storage.health_cache import HealthCache
from desktop_app.storage.location import Location
from desktop_app.storage.opening import Store, open_database


class Desk(Part):
    def __init__(self, store: Store, forms: FormLookup | None = None,
                 passphrase: PassphraseSource | None = None) -> None:
        super().__init__(Context(store, forms or find_form, Vault(store.db, passphrase)))
        self.clients = Clients(self._ctx)
        self.apps = Applications(self._ctx)
        self.attachments = Attachments(self._ctx)
        self.documents = ClientDocuments(self._ctx, lambda ids: self.health_cache.forget(ids))
        self.history = History(self._ctx)
        self.exports = Exports(self)
        self.packages = Packages(self)
        self.answers = AnswerFiles(self)
        self.upgrades = Upgrades(self)
        self._health_cache: HealthCache | None = None
        self.warnings: list[str] = []  # for the user, e.g. a daily backup that failed

    @classmethod
    def open(cls, where: Location | Path | str | None = None, *, forms: FormLookup | None = None,
             auto_backup: bool = True, busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
             passphrase: PassphraseSource | None = None, durability: Mode = "full") -> Desk:
        """Open (creating, checking and migrating) the database; the daily backup is taken
        here unless `auto_backup` is False (the UI takes it on a worker thread instead).

        `passphrase` is asked only where no OS keyring works and a sensitive value is first
        needed (default: VOUCHER_DESK_PASSPHRASE); the window passes a dialog, the CLI a prompt.
        `durability` "deferred" is the window's (storage.durability): quick commits, synced
        by a background thread before the editor says "저장됨".
        """
        store = open_database(where, busy_timeout=busy_timeout, durability=durability)
        desk = cls(store, forms, passphrase)
        if auto_backup:
            try:
                desk.auto_backup()
            except StorageError as exc:  # a failed backup must not keep the user from working
                desk.warnings.append(f"자동 백업 실패 / automatic backup failed: {exc}")
        return desk

    @property
    def vault(self) -> Vault:
        """The data key: `status()`, `set_passphrase()`, and what a `Lock` drives."""
        return self._ctx.sealer.vault

    def find_form(self, spec: str) -> FormDefinition:
        """The lookup this Desk uses (`ID@EDITION`); raises FormNotFound."""
        return self._ctx.forms(spec)

    @property
    def forms(self) -> FormLookup:
        """The form lookup itself (no database): safe to hand to a worker thread."""
        return self._ctx.forms

    @property
    def sealer(self) -> Sealer:
        """For code that writes answers outside `desk.apps` (edition upgrade, import)."""
        return self._ctx.sealer

    @property
    def store(self) -> Store:
        return self._ctx.store

    @property
    def location(self) -> Location:
        return self._ctx.store.location

    @guarded
    def auto_backup(self, now: dt.datetime | None = None) -> Path | None:
        """The rolling daily backup (keeps the last 7); None when today's exists."""
        taken = backups.auto_backup(self.store.db, self.location.backups, now)
        if taken:  # older backups rolled off: files only they named can go now
            self.attachments.collect_garbage()
        return taken.path if taken else None

    @guarded
    def upkeep(self) -> Path | None:
        """The daily backup and, when due, the scheduled integrity check (storage.health); for a
        worker's own Desk, after the window is up. Returns the backup taken, if any."""
        from desktop_app.storage import health

        taken = self.auto_backup()
        if health.due(self.location.db):
            self.store.check_integrity()
        return taken

    @staticmethod
    def replace_damaged(backup: Path, where: Location | None = None) -> Path:
        """A database too damaged to open is moved aside and `backup` put in its place;
        returns where the damaged file went (then `Desk.open` again)."""
        return backups.replace_damaged(where or Location.default(), backup)

    @guarded
    def backup(self, dest: Path | None = None) -> Path:
        """A manual backup: to `dest`, or into the backups folder (kept until deleted)."""
        if dest is not None:
            return backups.copy_to(self.store.db, dest)
        return backups.take(self.store.db, self.location.backups, "manual").path

    @guarded
    def backups(self) -> list[backups.BackupFile]:
        return backups.list_backups(self.location.backups)

    @guarded
    def restore(self, source: Path) -> Changed:
        """Replace everything with a backup; the current state is backed up first."""
        backups.verify(source)
        safety = backups.take(self.store.db, self.location.backups, "pre-restore")
        migrated = backups.restore_into(self.store.db, source)
        self.vault.reset()  # the restored file may name another key
        note = f"previous state saved as {safety.path.name}"
        if migrated:
            note += f"; upgraded with {', '.join(migrated)}"
        return Changed(clients=True, applications=True, attachments=True, note=note)

    @property
    def health_cache(self) -> HealthCache:
        """What the last batch check found per application (storage.health_cache)."""
        if self._health_cache is None:
            self._health_cache = HealthCache(self.location.db)
        return self._health_cache

    def close(self) -> None:
        if self._health_cache is not None:
            self._health_cache.close()
        self.store.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
