"""The data key of one database: created on first need, kept in the OS keyring, or — where no
keyring works — wrapped in the database under a passphrase the user sets. Never plaintext.

The key is made lazily (the first sensitive value), so commands that touch no sensitive value
never need a keyring or a passphrase. Callers that write inside a transaction call `ensure()`
before it: a key record created inside a transaction that is then rolled back must not leave
a cached key behind (the `_tentative` check catches that case anyway).

Recovery (security/recovery.py): the same key wrapped once more under a recovery key shown
once, or a recovery passphrase, kept in the database (so in every backup). `on_created`
listeners hear when a key is first made, for the window and the CLI to offer one; `KeyLost`
says whether the key can be recovered, and `recover` brings it back into the keyring (or
behind a new passphrase).
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from desktop_app.security import keyring_store, recovery
from desktop_app.security.aead import DataKey, OpenFailed, open_with, seal_random
from desktop_app.security.errors import (
    KeyLost,
    KeyRecordDamaged,
    KeyringUnavailable,
    NotRecoverable,
    PassphraseRequired,
    RecoveryDamaged,
    VaultLocked,
    WrongPassphrase,
)
from desktop_app.security.kdf import KdfParams, KdfParamsError, derive, intact, matches, verifier, with_sum
from desktop_app.security.passphrase import UNLOCK_CHECK, PassphraseSource, check_strength, from_env
from desktop_app.storage import keymeta
from desktop_app.storage.errors import Rejected, StorageError
from desktop_app.storage.keymeta import KeyRecord, RecoveryRecord

_CHECK_TOKEN = b"voucher-desk key check v1"


def _check_ad(key_id: str) -> bytes:
    return b"voucher-desk/check\x00" + key_id.encode()


def _wrap_ad(key_id: str) -> bytes:
    return b"voucher-desk/wrap\x00" + key_id.encode()


@dataclass(frozen=True)
class VaultStatus:
    mode: str             # none (no key yet) | keyring | passphrase
    unlocked: bool        # the key is in memory
    locked: bool          # locked on purpose (passphrase mode): unlock() before use
    key_id: str
    keyring: str          # the keyring backend, or why there is none

    @property
    def can_lock(self) -> bool:
        return self.mode == "passphrase"


@dataclass(frozen=True)
class RecoveryStatus:
    kind: str             # none (not recoverable) | key | passphrase
    made_at: str          # UTC time the recovery wrap was made, "" for none

    @property
    def recoverable(self) -> bool:
        return self.kind != "none"


class Vault:
    def __init__(self, db: Database, passphrase: PassphraseSource | None = None, *,
                 kdf_log2_n: int | None = None) -> None:
        self._db = db
        self._ask = passphrase or from_env
        self._log2_n = kdf_log2_n
        self._key: DataKey | None = None
        self._key_id = ""
        self._tentative = False
        self._locked = False
        self._created: list[Callable[[], None]] = []

    # ---- reading the state ---------------------------------------------------------------
    def status(self) -> VaultStatus:
        record = keymeta.get(self._db)
        return VaultStatus(record.mode if record else "none", self._cached() is not None,
                           self._locked, record.key_id if record else "",
                           keyring_store.backend_name())

    def _cached(self) -> DataKey | None:
        if self._key is not None and self._tentative:
            record = keymeta.get(self._db)
            if record is None or record.key_id != self._key_id:
                self._key = None  # created in a transaction that was rolled back
            elif not self._db.conn.in_transaction:
                self._tentative = False
        return self._key

    # ---- getting the key -----------------------------------------------------------------
    def key(self) -> DataKey:
        """The data key, loading (or on first need creating) it; raises KeyUnavailable children."""
        cached = self._cached()
        if cached is not None:
            return cached
        if self._locked:
            raise VaultLocked()
        record = keymeta.get(self._db)
        made = record is None
        key, record = (self._load(record), record) if record else self._create()
        self._key, self._key_id = key, record.key_id
        self._tentative = self._db.conn.in_transaction
        if made:
            for listener in list(self._created):
                listener()
        return key

    def on_created(self, listener: Callable[[], None]) -> None:
        """Call `listener` when this vault first makes the data key (to offer a recovery key)."""
        self._created.append(listener)

    ensure = key

    def _load(self, record: KeyRecord) -> DataKey:
        if record.mode == "keyring":
            try:
                raw = keyring_store.load(record.key_id)
            except keyring_store.NoKeyring as exc:
                raise KeyringUnavailable(str(exc)) from None
            recoverable = keymeta.get_recovery(self._db) is not None
            if raw is None or len(raw) != 32:
                raise KeyLost(record.key_id, recoverable=recoverable)
            key = DataKey(raw)
            if not self._checks(key, record):
                raise KeyLost(record.key_id, "the keyring holds a different key", recoverable=recoverable)
            return key
        opened: dict[str, DataKey] = {}

        def opens(candidate: str) -> bool:
            try:
                opened[candidate] = self._unwrap(record, candidate)
            except WrongPassphrase:
                return False
            except StorageError:
                return True  # a damaged record: said below, once the prompt has answered
            return True

        token = UNLOCK_CHECK.set(opens)
        try:
            passphrase = self._ask("unlock")
        finally:
            UNLOCK_CHECK.reset(token)
        if not passphrase:
            raise PassphraseRequired("", creating=False)
        return opened.get(passphrase) or self._unwrap(record, passphrase)

    @staticmethod
    def _checks(key: DataKey, record: KeyRecord) -> bool:
        try:
            return key.open(base64.b64decode(record.check), _check_ad(record.key_id)) == _CHECK_TOKEN
        except (OpenFailed, ValueError):
            return False

    @staticmethod
    def _unwrap(record: KeyRecord, passphrase: str) -> DataKey:
        """WrongPassphrase only when the passphrase is wrong; a damaged record says so."""
        try:
            stored = json.loads(record.kdf or "null")
            params = KdfParams.from_json(stored)
            wrapped = base64.b64decode(record.wrapped or "", validate=True)
        except (KdfParamsError, ValueError) as exc:
            raise KeyRecordDamaged(f"scrypt parameters: {exc}") from None
        if intact(stored) is False:
            raise KeyRecordDamaged("the scrypt parameters do not match their checksum")
        kek = derive(passphrase, params)
        right = matches(kek, stored.get("check"))
        if right is False:
            raise WrongPassphrase()
        try:
            key = DataKey(open_with(kek, wrapped, _wrap_ad(record.key_id)))
        except (OpenFailed, ValueError):
            if right:  # the passphrase is right: the wrapped key itself is damaged
                raise KeyRecordDamaged("the wrapped key does not open with the right passphrase") from None
            raise WrongPassphrase() from None
        if not Vault._checks(key, record):
            raise KeyRecordDamaged("the check value does not match the key")
        return key

    def _create(self) -> tuple[DataKey, KeyRecord]:
        key, key_id = DataKey.generate(), uuid.uuid4().hex
        check = base64.b64encode(key.seal(_CHECK_TOKEN, _check_ad(key_id))).decode()
        try:
            keyring_store.save(key_id, key.raw)
            record = KeyRecord(key_id, "keyring", check)
        except keyring_store.NoKeyring as exc:
            passphrase = self._ask("create")
            if not passphrase:
                raise PassphraseRequired(str(exc), creating=True) from None
            record = self._wrapped_record(key, key_id, check_strength(passphrase), check)
        current = keymeta.insert(self._db, record)
        if current.key_id != key_id:  # another process made the key first: use theirs
            if record.mode == "keyring":
                keyring_store.delete(key_id)
            return self._load(current), current
        return key, record

    def _wrapped_record(self, key: DataKey, key_id: str, passphrase: str, check: str) -> KeyRecord:
        return Vault._wrap(key, key_id, passphrase, check, self._log2_n)

    @staticmethod
    def _wrap(key: DataKey, key_id: str, passphrase: str, check: str, log2_n: int | None) -> KeyRecord:
        params = KdfParams.fresh(log2_n)
        kek = derive(passphrase, params)
        wrapped = seal_random(kek, key.raw, _wrap_ad(key_id))
        kdf = json.dumps(with_sum({**params.to_json(), "check": verifier(kek)}))
        return KeyRecord(key_id, "passphrase", check, kdf, base64.b64encode(wrapped).decode())

    # ---- passphrase mode: lock, unlock, change ---------------------------------------------
    def lock(self) -> None:
        """Forget the key until `unlock`; only where a passphrase can bring it back."""
        record = keymeta.get(self._db)
        if record is None or record.mode != "passphrase":
            raise Rejected("암호가 설정되지 않아 잠글 수 없습니다", "no passphrase is set, so there is nothing to lock")
        self._key, self._locked = None, True

    def unlock(self, passphrase: str) -> None:
        """Raises WrongPassphrase (the vault stays locked) or KeyLost."""
        opening = self.opening(passphrase)
        if opening is not None:
            self.opened(opening())

    def opening(self, passphrase: str) -> Callable[[], tuple[str, DataKey]] | None:
        """`unlock` in two halves: this one reads the key record (the database's thread) and
        returns the slow part — scrypt and unwrapping — as a function of values only, which may
        run on a worker thread; `opened` (the database's thread again) keeps what it returned.
        None when there is nothing to unlock."""
        record = keymeta.get(self._db)
        if record is None or record.mode != "passphrase":
            self._locked = False
            return None
        return lambda: (record.key_id, Vault._unwrap(record, passphrase))

    def opened(self, unlocked: tuple[str, DataKey]) -> None:
        self._key_id, self._key = unlocked
        self._tentative, self._locked = False, False

    @property
    def locked(self) -> bool:
        return self._locked

    def set_passphrase(self, new: str) -> None:
        """Protect the key with `new` (from the keyring, or replacing the old passphrase).

        The key itself stays, so nothing is re-encrypted; a keyring entry is removed after the
        record no longer points at it.
        """
        self.rewrapped(self.rewrapping(new)())

    def rewrapping(self, new: str) -> Callable[[], tuple[KeyRecord, KeyRecord]]:
        """`set_passphrase` in two halves, like `opening`: this one gets the key and its record
        (the database's thread) and returns the scrypt wrapping as a function of values only, for
        any thread; `rewrapped` (the database's thread) stores what it returned."""
        key = self.key()
        record = keymeta.get(self._db)
        assert record is not None
        passphrase, log2_n = check_strength(new), self._log2_n
        return lambda: (record, Vault._wrap(key, record.key_id, passphrase, record.check, log2_n))

    def rewrapped(self, records: tuple[KeyRecord, KeyRecord]) -> None:
        record, updated = records
        keymeta.replace(self._db, updated)
        if record.mode == "keyring":
            keyring_store.delete(record.key_id)

    # ---- recovery ------------------------------------------------------------------------
    def recovery_status(self) -> RecoveryStatus:
        found = keymeta.get_recovery(self._db)
        return RecoveryStatus(found.kind, found.created_at) if found else RecoveryStatus("none", "")

    def make_recovery_key(self) -> str:
        """A new recovery key (replacing any earlier recovery): show it once, it is not kept."""
        text = recovery.new_recovery_key()
        self.recovery_wrapped(self.recovery_wrapping("key", text)())
        return text

    def set_recovery_passphrase(self, passphrase: str) -> None:
        self.recovery_wrapped(self.recovery_wrapping("passphrase", passphrase)())

    def recovery_wrapping(self, kind: str, secret: str) -> Callable[[], RecoveryRecord]:
        """In two halves, like `rewrapping`: the key here (making it if there is none yet), the
        scrypt wrap as a function of values for any thread, `recovery_wrapped` stores it."""
        if kind == "passphrase":
            secret = check_strength(secret)
        key = self.key()
        record = keymeta.get(self._db)
        assert record is not None
        log2_n = self._log2_n
        return lambda: recovery.wrap(key, record.key_id, kind, secret, log2_n)

    def recovery_wrapped(self, wrapped: RecoveryRecord) -> None:
        keymeta.put_recovery(self._db, wrapped)

    def recovering(self, typed: str) -> Callable[[], DataKey]:
        """`recover` in halves: read the records here, unwrap (scrypt) anywhere, `recovered` here.
        NotRecoverable when no recovery was made; RecoveryKeyMistyped / WrongRecoveryKey when the
        secret is not it (nothing changes)."""
        record, found = keymeta.get(self._db), keymeta.get_recovery(self._db)
        if record is None:
            raise Rejected("이 데이터베이스에는 아직 암호화 키가 없습니다: 되찾을 것이 없습니다",
                           "this database has no data key yet: there is nothing to recover")
        if found is None:
            raise NotRecoverable()
        if found.key_id != record.key_id:
            raise RecoveryDamaged("it belongs to another key of this database")
        if found.kind == "key":
            recovery.canonical_key(typed)  # a typo is said at once, before scrypt
        return lambda: recovery.unwrap(found, typed)

    def recover(self, typed: str, new_passphrase: str | None = None) -> str:
        """Bring the key back; returns where it is kept now (`keyring` or `passphrase`)."""
        return self.recovered(self.recovering(typed)(), new_passphrase)

    def recovered(self, key: DataKey, new_passphrase: str | None = None) -> str:
        """Keep the recovered key: in the OS keyring (its entry written again), or — with
        `new_passphrase`, or where no keyring works — wrapped under a new passphrase."""
        record = keymeta.get(self._db)
        assert record is not None
        if not self._checks(key, record):
            raise RecoveryDamaged("the recovered key does not match the key record")
        if new_passphrase is None:
            try:
                keyring_store.save(record.key_id, key.raw)
            except keyring_store.NoKeyring as exc:
                raise PassphraseRequired(str(exc), creating=True) from None
            if record.mode != "keyring":
                keymeta.replace(self._db, KeyRecord(record.key_id, "keyring", record.check))
        else:
            keymeta.replace(self._db, Vault._wrap(key, record.key_id, check_strength(new_passphrase),
                                                  record.check, self._log2_n))
            if record.mode == "keyring":
                keyring_store.delete(record.key_id)
        self.opened((record.key_id, key))
        return "keyring" if new_passphrase is None else "passphrase"

    def reset(self) -> None:
        """Forget what is cached (the database was restored from a backup)."""
        self._key, self._key_id, self._tentative, self._locked = None, "", False, False
