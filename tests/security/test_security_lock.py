"""The lock: with a passphrase set, the key is forgotten after idle time or on demand, and only
the passphrase brings it back; without a passphrase (keyring mode) there is nothing to lock."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from memory_keyring import MemoryKeyring
from secure_desk import BIRTH

from desktop_app.forms import FormDefinition
from desktop_app.security import VaultLocked, WrongPassphrase
from desktop_app.security.lock import Lock
from desktop_app.security.passphrase import fixed
from desktop_app.service import Desk
from desktop_app.storage.errors import Rejected

PASS = "잠금 해제 암호문장"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_idle_time_locks_and_the_passphrase_unlocks(open_desk: Callable[..., Desk], form: FormDefinition,
                                                    no_keyring: None) -> None:
    desk = open_desk(passphrase=fixed(PASS))
    app = desk.apps.new(form, answers={"representative_birth": BIRTH, "project_title": "과제"}).app_id
    assert app is not None
    clock, seen = Clock(), []
    lock = Lock(desk.vault, idle_seconds=300, clock=clock)
    lock.on_change(seen.append)
    assert lock.available and not lock.locked
    clock.now += 299
    assert not lock.tick()
    lock.touch()
    clock.now += 299
    assert not lock.tick() and not lock.locked
    clock.now += 2
    assert lock.tick() and lock.locked and seen == [True]
    assert not lock.tick()  # already locked: nothing more happens

    view = desk.apps.open(app)  # locked: sensitive answers are held back, the rest is there
    assert view.unreadable == ("representative_birth",) and view.values["project_title"] == "과제"
    with pytest.raises(VaultLocked, match="locked"):
        desk.apps.save(app, "representative_birth", "1999-09-09")

    with pytest.raises(WrongPassphrase):
        lock.unlock("틀린 암호문장입니다")
    assert lock.locked and seen == [True]
    lock.unlock(PASS)
    assert not lock.locked and seen == [True, False]
    assert desk.apps.open(app).values["representative_birth"] == BIRTH


def test_lock_on_demand_ignores_the_passphrase_source(open_desk: Callable[..., Desk], form: FormDefinition,
                                                      no_keyring: None) -> None:
    desk = open_desk(passphrase=fixed(PASS))
    app = desk.apps.new(form, answers={"representative_birth": BIRTH}).app_id
    assert app is not None
    lock = Lock(desk.vault)
    lock.lock()
    # the source would answer, but a lock is undone only by unlock(): that is what a lock is
    assert desk.apps.open(app).unreadable == ("representative_birth",)


def test_no_lock_without_a_passphrase(open_desk: Callable[..., Desk], form: FormDefinition,
                                      keyring_memory: MemoryKeyring) -> None:
    desk = open_desk()
    desk.apps.new(form, answers={"representative_birth": BIRTH})
    clock = Clock()
    lock = Lock(desk.vault, idle_seconds=1, clock=clock)
    assert not lock.available
    clock.now += 10
    assert not lock.tick() and not lock.locked
    with pytest.raises(Rejected, match="no passphrase"):
        lock.lock()
    desk.vault.set_passphrase(PASS)
    assert lock.available and lock.tick() and lock.locked
