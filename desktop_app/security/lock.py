"""The lock of a passphrase-protected desk: after idle time or on demand the key is forgotten,
and only the passphrase brings it back. Qt-free, so the window and tests drive it alike:
the window calls `touch()` on user input and `tick()` from a timer, and hides its content
while `locked` (listeners are told of every change).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from desktop_app.security.vault import Vault

DEFAULT_IDLE_SECONDS = 10 * 60
Runner = Callable[[Callable[[], Any]], Any]
"""Runs a function (on some thread) and returns its result or raises its exception."""


class Lock:
    def __init__(self, vault: Vault, idle_seconds: float = DEFAULT_IDLE_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._vault, self.idle_seconds, self._clock = vault, idle_seconds, clock
        self._last = clock()
        self._listeners: list[Callable[[bool], None]] = []

    @property
    def available(self) -> bool:
        """Only a passphrase can unlock: without one (keyring mode) there is no lock."""
        return self._vault.status().can_lock

    @property
    def locked(self) -> bool:
        return self._vault.locked

    def on_change(self, listener: Callable[[bool], None]) -> None:
        """`listener(locked)` after every lock and unlock."""
        self._listeners.append(listener)

    def touch(self) -> None:
        """The user did something: the idle time starts again."""
        self._last = self._clock()

    def idle(self) -> float:
        return self._clock() - self._last

    def tick(self) -> bool:
        """Lock when idle for too long; True when this call locked."""
        if self.locked or self.idle_seconds <= 0 or self.idle() < self.idle_seconds:
            return False
        if not self.available:
            return False
        self.lock()
        return True

    def lock(self) -> None:
        self._vault.lock()
        self._notify(True)

    def unlock(self, passphrase: str, *, run: Runner | None = None) -> None:
        """Raises WrongPassphrase and stays locked when the passphrase is wrong. `run` runs the
        slow key derivation (scrypt) and returns its result — the window passes a worker."""
        opening = self._vault.opening(passphrase)
        if opening is not None:
            self._vault.opened(run(opening) if run is not None else opening())
        self.touch()
        self._notify(False)

    def _notify(self, locked: bool) -> None:
        for listener in list(self._listeners):
            listener(locked)
