"""Where a passphrase comes from: a callable the caller supplies (the CLI prompts, the window
shows a dialog), or VOUCHER_DESK_PASSPHRASE. The core never prompts by itself: it asks its
source and, when that has nothing, says plainly what is missing."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Literal

from desktop_app.security.errors import WeakPassphrase
from desktop_app.security.kdf import MIN_PASSPHRASE

Purpose = Literal["create", "unlock"]
PassphraseSource = Callable[[Purpose], str | None]
"""Asked with "create" (a new passphrase: confirm it) or "unlock"; None means "none given"."""

ENV = "VOUCHER_DESK_PASSPHRASE"


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
