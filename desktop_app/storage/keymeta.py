"""The database's key record: which data key it uses and how to get it back.

One row at most. `mode` is `keyring` (the key lives in the OS keyring under `key_id`) or
`passphrase` (the key is stored here wrapped by a scrypt-derived key; `kdf` holds salt and
cost). `check` is a known token sealed with the data key, so a wrong key is recognised before
anything is decrypted with it. No secret is stored here in the clear.

`key_recovery` (one row at most) is the same key wrapped a second time, under the user's
recovery key or recovery passphrase (security/recovery.py): what brings it back when the
keyring entry or the passphrase is lost. It lives in the database, so backups carry it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from desktop_app.storage.connection import transaction
from desktop_app.storage.records import utc_now


@dataclass(frozen=True)
class KeyRecord:
    key_id: str
    mode: str              # keyring | passphrase
    check: str             # base64 of the sealed check token
    kdf: str | None = None       # JSON scrypt parameters (passphrase mode)
    wrapped: str | None = None   # base64 of the wrapped data key (passphrase mode)


def get(db: Database) -> KeyRecord | None:
    row = db.execute("SELECT key_id, mode, check_value, kdf, wrapped_key FROM key_record "
                     "WHERE id = 1").fetchone()
    return None if row is None else KeyRecord(*row)


def insert(db: Database, record: KeyRecord) -> KeyRecord:
    """Insert unless another process was first; returns the record that is in force."""
    now = utc_now()
    with transaction(db):
        db.execute("INSERT INTO key_record (id, key_id, mode, check_value, kdf, wrapped_key, "
                   "created_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (id) DO NOTHING",
                   (record.key_id, record.mode, record.check, record.kdf, record.wrapped, now, now))
        current = get(db)
    assert current is not None
    return current


def replace(db: Database, record: KeyRecord) -> None:
    """A new way to reach the same key (passphrase changed, keyring ↔ passphrase)."""
    with transaction(db):
        db.execute("UPDATE key_record SET key_id = ?, mode = ?, check_value = ?, kdf = ?, "
                   "wrapped_key = ?, updated_at = ? WHERE id = 1",
                   (record.key_id, record.mode, record.check, record.kdf, record.wrapped,
                    utc_now()))


@dataclass(frozen=True)
class RecoveryRecord:
    key_id: str
    kind: str              # key (a random recovery key shown once) | passphrase
    kdf: str               # JSON scrypt parameters
    wrapped: str           # base64 of the data key wrapped under the recovery secret
    created_at: str = ""


def get_recovery(db: Database) -> RecoveryRecord | None:
    row = db.execute("SELECT key_id, kind, kdf, wrapped_key, created_at FROM key_recovery "
                     "WHERE id = 1").fetchone()
    return None if row is None else RecoveryRecord(*row)


def put_recovery(db: Database, record: RecoveryRecord) -> RecoveryRecord:
    """Replace the recovery wrap (one at a time: a new recovery key retires the old one)."""
    with transaction(db):
        db.execute("INSERT INTO key_recovery (id, key_id, kind, kdf, wrapped_key, created_at) "
                   "VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET key_id = excluded.key_id, "
                   "kind = excluded.kind, kdf = excluded.kdf, wrapped_key = excluded.wrapped_key, "
                   "created_at = excluded.created_at",
                   (record.key_id, record.kind, record.kdf, record.wrapped, utc_now()))
        current = get_recovery(db)
    assert current is not None
    return current
