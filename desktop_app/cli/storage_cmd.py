"""`clients …`, `apps …`, `backup`, `restore`: the database from the command line.

Every command opens the database (checked, migrated, daily backup), does one thing through the
service façade and closes it. Storage errors become one line and exit 2; a status change that
validation blocks exits 1. Listings take `--json`.
"""

from __future__ import annotations

import argparse
import functools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli import common

if TYPE_CHECKING:
    from desktop_app.service import Desk
    from desktop_app.storage.records import Client

Handler = Callable[[argparse.Namespace], int]


def register(sub: Any) -> None:
    from desktop_app.cli import storage_apps

    _register_clients(sub)
    storage_apps.register(sub)
    p = sub.add_parser("backup", help="back up the database (default: into the backups folder)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the backup to FILE instead")
    p.add_argument("--list", action="store_true", help="list the existing backups")
    p.add_argument("--json", action="store_true", help="with --list: a JSON list")
    p.set_defaults(func=backup)
    p = sub.add_parser("restore", help="replace the database with a backup (current state kept)")
    p.add_argument("file", metavar="FILE", help="a backup file (see 'backup --list')")
    p.set_defaults(func=restore)


@contextmanager
def opened() -> Iterator[Desk]:
    """The Desk for one command (errors reach cli.run, which maps them to exit codes)."""
    from desktop_app.cli.passphrase import database_passphrase
    from desktop_app.service import Desk

    with Desk.open(passphrase=database_passphrase) as desk:
        from desktop_app.cli.key_cmd import offer_recovery

        offer_recovery(desk)
        warn_all(tuple(desk.warnings))
        yield desk


def with_desk(func: Callable[[Desk, argparse.Namespace], int]) -> Handler:
    @functools.wraps(func)
    def handler(ns: argparse.Namespace) -> int:
        with opened() as desk:
            return func(desk, ns)

    return handler


def warn_all(warnings: tuple[str, ...]) -> None:
    for w in warnings:
        common.warn(w)


# ---- clients -------------------------------------------------------------------------------

def _register_clients(sub: Any) -> None:
    clients = sub.add_parser("clients", help="client companies and their profiles")
    csub = clients.add_subparsers(dest="clients_command", metavar="ACTION", required=True)
    from desktop_app.cli import batch_cmd

    batch_cmd.register_clients_export(csub)
    batch_cmd.register_clients_import(csub)
    from desktop_app.cli import documents_cmd

    documents_cmd.register(csub)
    p = csub.add_parser("list", help="list (or search) clients")
    p.add_argument("query", nargs="?", default="", help="name, 사업자등록번호 or representative")
    p.add_argument("--all", action="store_true", help="include archived clients")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=clients_list)
    p = csub.add_parser("add", help="add a client; prints its id")
    p.add_argument("name", help="company name (company.name)")
    p.add_argument("--brn", help="사업자등록번호 (company.brn)")
    p.add_argument("--representative", help="대표자 (company.representative)")
    p.add_argument("--allow-invalid-brn", action="store_true",
                   help="keep a 사업자등록번호 that fails its check digit (a warning instead of an error)")
    p.add_argument("--allow-duplicate", action="store_true",
                   help="add even when a client with the same BRN, or name and representative, exists")
    _add_set_options(p)
    p.set_defaults(func=clients_add)
    p = csub.add_parser("show", help="a client's profile")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=clients_show)
    p = csub.add_parser("edit", help="change profile keys")
    p.add_argument("id", type=int)
    _add_set_options(p)
    p.add_argument("--unset", action="append", default=[], metavar="KEY", help="remove KEY")
    p.set_defaults(func=clients_edit)
    p = csub.add_parser("archive", help="archive a client (hidden from lists)")
    p.add_argument("id", type=int)
    p.add_argument("--undo", action="store_true", help="bring an archived client back")
    p.set_defaults(func=clients_archive)


def _add_set_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="a profile key such as company.employees=12 (repeatable)")


def _pairs(items: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise common.CliError(f"--set {item!r}: expected KEY=VALUE, e.g. company.employees=12")
        out[key.strip()] = value
    return out


def client_json(c: Client) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "brn": c.brn, "representative": c.representative,
            "archived": c.archived, "profile": c.profile, "created_at": c.created_at,
            "updated_at": c.updated_at}


@with_desk
def clients_list(desk: Desk, ns: argparse.Namespace) -> int:
    found = desk.clients.search(ns.query, include_archived=ns.all, limit=10_000)
    if ns.json:
        common.print_json([client_json(c) for c in found])
        return 0
    for c in found:
        brn = c.profile.get("company.brn", "")
        mark = "  [archived]" if c.archived else ""
        print(f"{c.id:>5}  {c.name}  {brn}  {c.representative}{mark}")
    return 0


@with_desk
def clients_add(desk: Desk, ns: argparse.Namespace) -> int:
    profile = {"company.name": ns.name, "company.brn": ns.brn,
               "company.representative": ns.representative, **_pairs(ns.set)}
    changed = desk.clients.create({k: v for k, v in profile.items() if v is not None},
                                  allow_invalid_brn=ns.allow_invalid_brn,
                                  allow_duplicate=ns.allow_duplicate)
    warn_all(changed.warnings)
    print(changed.client_id)
    return 0


@with_desk
def clients_show(desk: Desk, ns: argparse.Namespace) -> int:
    from desktop_app.service import PROFILE_KEYS

    c = desk.clients.get(ns.id)
    hidden, why = desk.clients.hidden(ns.id)
    if hidden:  # never a silent gap: say which values are not shown, and why
        common.warn(f"민감한 값을 표시하지 않았습니다 / sensitive values are hidden: {', '.join(hidden)} — {why}")
    if ns.json:
        common.print_json(client_json(c))
        return 0
    print(f"#{c.id} {c.name}{'  [archived]' if c.archived else ''}")
    for key, value in c.profile.items():
        label = PROFILE_KEYS.get(key, ("", ""))[0]
        print(f"  {key:<32} {value}" + (f"  ({label})" if label else ""))
    return 0


@with_desk
def clients_edit(desk: Desk, ns: argparse.Namespace) -> int:
    changes = {**_pairs(ns.set), **{k: None for k in ns.unset}}
    if not changes:
        raise common.CliError("nothing to change: give --set KEY=VALUE or --unset KEY")
    changed = desk.clients.edit(ns.id, changes)
    warn_all(changed.warnings)
    print(", ".join(changed.paths) if changed.paths else "no change")
    return 0


@with_desk
def clients_archive(desk: Desk, ns: argparse.Namespace) -> int:
    changed = desk.clients.archive(ns.id, not ns.undo)
    print(("restored" if ns.undo else "archived") if changed.clients else "no change")
    return 0


# ---- backup / restore ----------------------------------------------------------------------

@with_desk
def backup(desk: Desk, ns: argparse.Namespace) -> int:
    if ns.list:
        found = desk.backups()
        if ns.json:
            common.print_json([{"path": str(b.path), "kind": b.kind,
                                "taken_at": b.taken_at.isoformat()} for b in found])
        for b in [] if ns.json else found:
            print(f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {b.kind:<11}  {b.path}")
        return 0
    print(desk.backup(Path(ns.output) if ns.output else None))
    return 0


def restore(ns: argparse.Namespace) -> int:
    """Restore into the open database; a database too damaged to open is moved aside."""
    from desktop_app.service import Desk
    from desktop_app.storage import backups
    from desktop_app.storage.errors import DatabaseCorrupt, StorageError
    from desktop_app.storage.location import Location

    source = Path(ns.file).expanduser().resolve()
    try:
        try:
            desk = Desk.open(auto_backup=False)
        except DatabaseCorrupt:
            aside = backups.replace_damaged(Location.default(), source)
            print(f"restored from {source}; the damaged database was moved to {aside}")
            return 0
        with desk:
            changed = desk.restore(source)
    except (StorageError, OSError) as exc:
        raise common.CliError(str(exc)) from None
    print(f"restored from {source} ({changed.note})")
    return 0


def load_json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise common.CliError(f"not valid JSON: {exc.msg}: {text!r}") from None
