"""Passphrases on the command line (docs/architecture.md): a prompt when interactive, else the environment.

The database's: VOUCHER_DESK_PASSPHRASE first (scripts), else a prompt (asked twice when it is
being set). A package's: VOUCHER_DESK_PACKAGE_PASSPHRASE, else a prompt, else
VOUCHER_DESK_PASSPHRASE with a warning (one variable serves both in simple scripts).
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import TYPE_CHECKING

from desktop_app.cli import common

if TYPE_CHECKING:
    from desktop_app.security.passphrase import Purpose

PACKAGE_ENV = "VOUCHER_DESK_PACKAGE_PASSPHRASE"


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def _prompt(label: str, *, confirm: bool) -> str | None:
    first = getpass.getpass(f"{label}: ", stream=sys.stderr)
    if confirm and getpass.getpass(f"{label} (again): ", stream=sys.stderr) != first:
        raise common.CliError("the two passphrases differ; nothing was done")
    return first or None


def database_passphrase(purpose: Purpose) -> str | None:
    """The Desk's source: VOUCHER_DESK_PASSPHRASE, else a prompt when interactive."""
    from desktop_app.security.passphrase import ENV

    if os.environ.get(ENV):
        return os.environ[ENV]
    if not interactive():
        return None
    if purpose == "create":
        print("voucher-desk: no OS keyring works here; set a passphrase that protects sensitive "
              "answers (at least 8 characters).", file=sys.stderr)
        return _prompt("New passphrase", confirm=True)
    return _prompt("Passphrase", confirm=False)


def package_passphrase(*, new: bool) -> str | None:
    from desktop_app.security.passphrase import ENV

    if os.environ.get(PACKAGE_ENV):
        return os.environ[PACKAGE_ENV]
    if interactive():
        return _prompt("Package passphrase", confirm=new)
    if os.environ.get(ENV):
        common.warn(f"{PACKAGE_ENV} is not set: using VOUCHER_DESK_PASSPHRASE for the package")
        return os.environ[ENV]
    return None
