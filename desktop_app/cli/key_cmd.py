"""`key status|recovery-setup|recover`: the data key's recovery (issue 14).

A recovery key is printed once on stdout (and with `-o FILE` saved, 0600); it is never stored
in the clear. `recover` takes it from `--file FILE` (the saved file), VOUCHER_DESK_RECOVERY_KEY
or a prompt — never as an argument (the shell history would keep it). Exit codes: 0 done,
2 a mistyped or wrong recovery key, no recovery made, or an environment fault; nothing is
changed unless 0.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli import common
from desktop_app.cli.storage_cmd import with_desk

if TYPE_CHECKING:
    from desktop_app.service import Desk

RECOVERY_ENV = "VOUCHER_DESK_RECOVERY_KEY"
_KEY_IN_TEXT = re.compile(r"[A-Za-z2-7]{4}(?:-[A-Za-z2-7]{4}){7}")


def register(sub: Any) -> None:
    key = sub.add_parser("key", help="the data key of sensitive answers: status and recovery")
    ksub = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    p = ksub.add_parser("status", help="where the key is kept, and whether it can be recovered")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=with_desk(_status))
    p = ksub.add_parser("recovery-setup",
                        help="make a recovery key (printed once) or set a recovery passphrase")
    p.add_argument("--passphrase", action="store_true",
                   help="a recovery passphrase instead (prompt, or VOUCHER_DESK_RECOVERY_KEY)")
    p.add_argument("-o", "--output", metavar="FILE", help="also save the recovery key to FILE (0600)")
    p.set_defaults(func=with_desk(_setup))
    p = ksub.add_parser("recover", help="bring the key back with the recovery key or passphrase")
    p.add_argument("--file", metavar="FILE", help="the file the recovery key was saved to")
    p.add_argument("--new-passphrase", action="store_true",
                   help="keep the key behind a new passphrase (VOUCHER_DESK_PASSPHRASE or a prompt) "
                        "instead of the OS keyring")
    p.set_defaults(func=with_desk(_recover))


def offer_recovery(desk: Desk) -> None:
    """When a command makes the data key, say that it is not recoverable until a recovery exists."""
    def made() -> None:
        common.warn("민감한 답변의 암호화 키를 만들었습니다. 복구 키가 없으면 키링 항목을 잃을 때 되찾을 수 "
                    "없습니다: voucher-desk key recovery-setup (a data key was made for sensitive answers; "
                    "it cannot be recovered if the keyring entry is lost until you run "
                    "'voucher-desk key recovery-setup')")

    desk.vault.on_created(made)


def _status(desk: Desk, ns: argparse.Namespace) -> int:
    status, rec = desk.vault.status(), desk.vault.recovery_status()
    if ns.json:
        common.print_json({"mode": status.mode, "key_id": status.key_id, "keyring": status.keyring,
                           "recovery": rec.kind, "recovery_made_at": rec.made_at})
        return 0
    where = {"none": "없음 (no key yet)", "keyring": "운영체제 키링 (OS keyring)",
             "passphrase": "암호로 보호 (behind a passphrase)"}[status.mode]
    print(f"key: {where}" + (f" · {status.key_id[:8]}" if status.key_id else ""))
    if rec.recoverable:
        kind = "복구 키 (recovery key)" if rec.kind == "key" else "복구 암호 (recovery passphrase)"
        print(f"recovery: {kind}, {rec.made_at}")
    elif status.mode != "none":
        print("recovery: 없음 — 키링 항목이나 암호를 잃으면 민감한 답변은 되찾을 수 없습니다 "
              "(none — NOT recoverable if the keyring entry or the passphrase is lost)")
    else:
        print("recovery: 없음 (none; no key yet)")
    return 0


def _setup(desk: Desk, ns: argparse.Namespace) -> int:
    from desktop_app import atomic

    had = desk.vault.recovery_status()
    if ns.passphrase:
        secret = _ask_secret("New recovery passphrase", confirm=True)
        if not secret:
            raise common.CliError(f"no recovery passphrase given (prompt, or {RECOVERY_ENV}); nothing changed")
        desk.vault.set_recovery_passphrase(secret)
        print("recovery passphrase set (복구 암호를 정했습니다)")
        return 0
    text = desk.vault.make_recovery_key()
    if ns.output:
        dest = Path(ns.output).expanduser()
        atomic.write_atomic(dest, recovery_file_text(desk, text).encode("utf-8"))
        common.warn(f"saved to {dest}; keep it away from this computer (print it or keep it on a USB stick)")
    print(text)
    common.warn("복구 키는 지금 한 번만 보여 줍니다. 인쇄하거나 안전한 곳에 저장하세요 "
                "(the recovery key is shown only now; print it or save it somewhere safe)")
    if had.recoverable:
        common.warn("the earlier recovery key or passphrase no longer works (이전 복구 키는 더 이상 쓸 수 없습니다)")
    return 0


def recovery_file_text(desk: Desk, text: str) -> str:
    from desktop_app.security.recovery import file_text

    return file_text(desk.location.db, desk.vault.status().key_id, text)


def _recover(desk: Desk, ns: argparse.Namespace) -> int:
    from desktop_app.cli.passphrase import database_passphrase
    from desktop_app.security import NotRecoverable, PassphraseRequired

    if desk.vault.status().mode != "none" and not desk.vault.recovery_status().recoverable:
        raise NotRecoverable()  # said before asking for a key that does not exist
    if ns.file:
        try:
            found = _KEY_IN_TEXT.findall(Path(ns.file).expanduser().read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise common.CliError(f"{ns.file}: cannot read the recovery key file: {exc}") from None
        if len(found) != 1:
            raise common.CliError(f"{ns.file}: no recovery key (eight groups of four letters) in this file")
        typed: str | None = found[0]
    else:
        typed = _ask_secret("Recovery key or passphrase", confirm=False)
    if not typed:
        raise common.CliError(f"no recovery key given (--file, {RECOVERY_ENV} or a prompt); nothing changed")
    key = desk.vault.recovering(typed)()
    new = database_passphrase("create") if ns.new_passphrase else None
    if ns.new_passphrase and not new:
        raise common.CliError("no new passphrase given (VOUCHER_DESK_PASSPHRASE or a prompt); nothing changed")
    try:
        where = desk.vault.recovered(key, new)
    except PassphraseRequired:
        new = database_passphrase("create")
        if not new:
            raise
        where = desk.vault.recovered(key, new)
    kept = "운영체제 키링 (the OS keyring)" if where == "keyring" else "새 암호 (a new passphrase)"
    print(f"recovered: the data key is back, kept in {kept}; sensitive answers open again "
          f"(키를 되찾았습니다)")
    return 0


def _ask_secret(label: str, *, confirm: bool) -> str | None:
    from desktop_app.cli.passphrase import interactive

    if os.environ.get(RECOVERY_ENV):
        return os.environ[RECOVERY_ENV]
    if not interactive():
        return None
    first = getpass.getpass(f"{label}: ", stream=sys.stderr)
    if confirm and getpass.getpass(f"{label} (again): ", stream=sys.stderr) != first:
        raise common.CliError("the two entries differ; nothing was done")
    return first or None
