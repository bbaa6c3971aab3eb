"""`export APP -o FILE.vdpkg [--encrypt]` and `import FILE.vdpkg|ANSWERS.json` (docs/architecture.md).

Exit codes: 0 done; 1 nothing written because the user cancelled at a prompt; 2 refused (bad
input, a package that fails a check, a missing key or passphrase) with a one-line reason.
Passphrases come from a prompt when interactive, else from the environment: the database's
from VOUCHER_DESK_PASSPHRASE; a package's from VOUCHER_DESK_PACKAGE_PASSPHRASE, falling back
to VOUCHER_DESK_PASSPHRASE (said so on stderr).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli import common
from desktop_app.cli.passphrase import PACKAGE_ENV, database_passphrase, interactive, package_passphrase

if TYPE_CHECKING:
    from desktop_app.service import Desk
    from desktop_app.service.answer_files import AnswersImported
    from desktop_app.service.packages import Choice
    from desktop_app.storage.records import Client

CHOICES = ("keep", "replace", "both")


class Cancelled(Exception):
    """The user said no at a prompt: exit 1, nothing written."""


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="an application as a .vdpkg package (or FILE.json: an answers file)")
    p.add_argument("app", type=int, metavar="APP")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="FILE.vdpkg (package) or FILE.json (docs/architecture.md answers file)")
    p.add_argument("--encrypt", action="store_true",
                   help=f"encrypt the package with a passphrase (prompt, or {PACKAGE_ENV})")
    p.add_argument("--include-sensitive", action="store_true",
                   help="answers file: also write sensitive answers (in plain text)")
    p.set_defaults(func=export)
    p = sub.add_parser("import", help="a .vdpkg package or an answers file as a new draft; prints its id")
    p.add_argument("file", metavar="FILE.vdpkg|ANSWERS.json")
    p.add_argument("--client-conflict", choices=CHOICES,
                   help="when a client with the same 사업자등록번호 exists: keep it, replace its "
                        "profile, or add both (asked when interactive)")
    p.add_argument("--form", metavar="FORM", help="answers file: reuse the answers for another form "
                                                  "(by field id and profile binding)")
    p.add_argument("--client", type=int, metavar="ID", help="answers file: the new draft's client")
    p.add_argument("--again", action="store_true",
                   help="package: import another copy of a package imported before (otherwise it "
                        "says so, prints that application's id and writes nothing)")
    p.set_defaults(func=import_)


@contextmanager
def opened() -> Iterator[Desk]:
    from desktop_app.service import Desk

    with Desk.open(passphrase=database_passphrase) as desk:
        from desktop_app.cli.key_cmd import offer_recovery

        offer_recovery(desk)
        for w in desk.warnings:
            common.warn(w)
        yield desk


def export(ns: argparse.Namespace) -> int:
    from desktop_app.security.kdf import MIN_PASSPHRASE

    out = Path(ns.output).expanduser()
    as_answers = out.suffix.lower() == ".json"
    if as_answers and ns.encrypt:
        raise common.CliError("--encrypt is for packages (.vdpkg), not answers files")
    secret = None
    if ns.encrypt:
        secret = package_passphrase(new=True)
        if not secret:
            raise common.CliError(f"--encrypt needs a passphrase: run interactively or set {PACKAGE_ENV}")
        if len(secret.strip()) < MIN_PASSPHRASE:
            raise common.CliError(f"the package passphrase needs at least {MIN_PASSPHRASE} characters")
    with opened() as desk:
        try:
            if as_answers:
                done = desk.answers.export(ns.app, out, include_sensitive=ns.include_sensitive)
                for path in done.left_out:
                    common.warn(common.both(f"{path}: 민감한 답변이라 넣지 않았습니다(넣으려면 --include-sensitive)",
                                            f"{path}: sensitive, left out (use --include-sensitive to write it)"))
                _warn(done.warnings)
                print(done.path)
                return 0
            exported = desk.packages.export(ns.app, out, passphrase=secret)
        except OSError as exc:
            raise common.CliError(f"cannot write {out}: {exc.strerror or exc}") from None
    _warn(exported.warnings)
    print(f"{exported.path}  sha256 {exported.sha256}  {exported.size:,} bytes"
          + ("  encrypted" if exported.encrypted else ""))
    return 0


def import_(ns: argparse.Namespace) -> int:
    from desktop_app.service.packages import AlreadyImported, is_package

    path = Path(ns.file).expanduser()
    if not path.exists():
        raise common.CliError(f"{path}: 파일이 없습니다", f"{path}: file not found")
    if not is_package(path):
        return _import_answers(ns, path)
    if ns.form or ns.client is not None:
        raise common.CliError("--form and --client are for answers files; a package names its form and client")
    with opened() as desk:
        pkg = desk.packages.read(path, lambda: package_passphrase(new=False))
        try:
            done = desk.packages.import_(pkg, conflict=ns.client_conflict or _ask_conflict,
                                         again=ns.again, file_name=path.name)
        except AlreadyImported as exc:  # the same one: say so and name it, nothing written
            common.warn(str(exc) + " — use --again for another copy")
            print(exc.earlier[0].app_id)
            return 0
        except Cancelled:
            common.fail("import cancelled; nothing was written")
            return 1
    _warn(done.warnings)
    if done.client_action in CHOICES:
        common.warn(f"client #{done.client_id}: {done.client_action} (same 사업자등록번호)")
    print(done.app_id)
    return 0


def _import_answers(ns: argparse.Namespace, path: Path) -> int:
    if ns.client_conflict:
        raise common.CliError("--client-conflict is for packages; an answers file carries no client")
    if ns.again:
        raise common.CliError("--again is for packages; an answers file always makes a new draft")
    form = common.load_form(ns.form) if ns.form else None
    with opened() as desk:
        done = desk.answers.import_file(path, form=form, client_id=ns.client)
    report_import(done)
    return 0


def report_import(done: AnswersImported) -> None:
    """What an answers-file import did besides the copy (`import`, `apps new --answers`)."""
    for source, target in done.by_profile.items():
        common.warn(common.both(f"{source} → {target} (같은 회사 정보 항목)",
                                f"{source} → {target} (same profile key)"))
    for parked in done.parked:
        common.warn(common.both(f"{parked}: {done.form}에 맞지 않아 parked:{parked}로 따로 두었습니다",
                                f"{parked}: does not fit {done.form}; kept as parked:{parked}"))
    _warn(done.warnings)
    print(done.app_id)


def _ask_conflict(existing: Client, profile: dict[str, Any]) -> Choice | None:
    """Interactive: ask; otherwise leave it unresolved (the importer then refuses, exit 2)."""
    if not interactive():
        return None
    print(f"A client with 사업자등록번호 {profile.get('company.brn')} exists: #{existing.id} "
          f"{existing.name}.", file=sys.stderr)
    answer = input("[k]eep it / [r]eplace its profile / keep [b]oth / [c]ancel? ").strip().lower()
    choices: dict[str, Choice] = {"k": "keep", "r": "replace", "b": "both"}
    choice = choices.get(answer[:1])
    if choice is None:
        raise Cancelled()
    return choice


def _warn(warnings: tuple[str, ...] | list[str]) -> None:
    for w in warnings:
        common.warn(w)
