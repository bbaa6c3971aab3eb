"""Where a passphrase comes from: a callable the caller supplies (the CLI prompts, the window
shows a dialog), or VOUCHER_DESK_PASSPHRASE. The core never prompts by itself: it asks its
source and, when that has nothing, says plainly what is missing."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextvars import ContextVar
from typing import Literal

from desktop_app.security.errors import WeakPassphrase
from desktop_app.security.kdf import MIN_PASSPHRASE

Purpose = Literal["create", "unlock"]
PassphraseSource = Callable[[Purpose], str | None]
"""Asked with "create" (a new passphrase: confirm it) or "unlock"; None means "none given"."""

ENV = "VOUCHER_DESK_PASSPHRASE"

UNLOCK_CHECK: ContextVar[Callable[[str], bool] | None] = ContextVar("unlock_check", default=None)
"""While the vault asks "unlock": whether a passphrase opens the key, so a dialog can say
"wrong passphrase" and stay open instead of closing and coming back blank."""


def unlock_check() -> Callable[[str], bool] | None:
    return UNLOCK_CHECK.get()


def from_env(purpose: Purpose) -> str | None:
    return os.environ.get(ENV) or None


def fixed(passphrase: str | None) -> PassphraseSource:
    """A source that always answers the same (tests, scripts, a dialog's answer)."""
    return lambda purpose: passphrase


def check_strength(passphrase: str) -> str:
    """Length is the one rule a user can follow without being told a recipe."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise WeakPassphrase(MIN_PASSPHRASE)
    return passphrase
