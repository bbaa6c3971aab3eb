"""A damaged encrypted header is called damaged ("손상"), never a wrong passphrase (issue 14):
the database's key record (passphrase mode), the recovery wrap and an encrypted package."""

from __future__ import annotations

import base64
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from secure_desk import BIRTH

from desktop_app.exchange.errors import PackageRefused
from desktop_app.forms import FormDefinition
from desktop_app.security import KeyUnavailable, RecoveryDamaged, WrongPassphrase, WrongRecoveryKey
from desktop_app.security.passphrase import fixed
from desktop_app.service import Desk, write_package
from desktop_app.service import read_package as read
from desktop_app.storage import keymeta

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "exchange"))
from packages import manifest_of, members, pack

RIGHT, WRONG = "correct horse battery", "incorrect horse battery"


def _flip(b64: str) -> str:
    raw = bytearray(base64.b64decode(b64))
    raw[len(raw) // 2] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def _store(desk: Desk, **changes: str) -> None:
    sets = ", ".join(f"{k} = ?" for k in changes)
    with desk.store.db.conn:
        desk.store.db.execute(f"UPDATE key_record SET {sets} WHERE id = 1", tuple(changes.values()))


def _made(open_desk: Callable[..., Desk], form: FormDefinition) -> tuple[Desk, int]:
    desk = open_desk(passphrase=fixed(RIGHT))
    app = desk.apps.new(form, answers={"representative_birth": BIRTH}).app_id
    assert app is not None and desk.vault.status().mode == "passphrase"
    return desk, app


def test_a_damaged_wrapped_key_is_damaged_not_a_wrong_passphrase(
        open_desk: Callable[..., Desk], form: FormDefinition, no_keyring: None) -> None:
    desk, app = _made(open_desk, form)
    record = keymeta.get(desk.store.db)
    assert record is not None and record.wrapped
    _store(desk, wrapped_key=_flip(record.wrapped))
    desk.close()
    right = open_desk(passphrase=fixed(RIGHT))
    with pytest.raises(KeyUnavailable) as caught:
        right.vault.key()
    assert not isinstance(caught.value, WrongPassphrase)
    assert "손상" in caught.value.message_ko and "damaged" in caught.value.message_en
    assert "암호가 틀렸습니다" not in str(caught.value)
    view = right.apps.open(app)  # the forgiving read says why the value is not shown
    assert view.unreadable == ("representative_birth",) and "damaged" in view.warnings[-1]
    with pytest.raises(WrongPassphrase):  # a wrong passphrase is still called that
        open_desk(passphrase=fixed(WRONG)).vault.key()


def test_damaged_scrypt_parameters_are_damaged(open_desk: Callable[..., Desk], form: FormDefinition,
                                               no_keyring: None) -> None:
    desk, _ = _made(open_desk, form)
    record = keymeta.get(desk.store.db)
    assert record is not None and record.kdf
    kdf = json.loads(record.kdf)
    kdf["salt"] = _flip(kdf["salt"])  # one bit on disk: the derived key would simply be another
    _store(desk, kdf=json.dumps(kdf))
    desk.close()
    for secret in (RIGHT, WRONG):
        with pytest.raises(KeyUnavailable) as caught:
            open_desk(passphrase=fixed(secret)).vault.key()
        assert not isinstance(caught.value, WrongPassphrase) and "손상" in caught.value.message_ko
    _store(open_desk(), kdf=json.dumps({"name": "scrypt", "salt": "!!"}))
    with pytest.raises(KeyUnavailable, match="손상"):
        open_desk(passphrase=fixed(RIGHT)).vault.key()


def test_a_damaged_recovery_wrap_is_damaged(open_desk: Callable[..., Desk], form: FormDefinition,
                                            no_keyring: None) -> None:
    desk, _ = _made(open_desk, form)
    text = desk.vault.make_recovery_key()
    found = keymeta.get_recovery(desk.store.db)
    assert found is not None
    with desk.store.db.conn:
        desk.store.db.execute("UPDATE key_recovery SET wrapped_key = ?", (_flip(found.wrapped),))
    with pytest.raises(RecoveryDamaged, match="손상"):
        desk.vault.recover(text, RIGHT)
    with pytest.raises(WrongRecoveryKey):
        from desktop_app.security.recovery import new_recovery_key

        desk.vault.recover(new_recovery_key(), RIGHT)


def test_a_damaged_package_header_is_damaged(open_desk: Callable[..., Desk], form: FormDefinition,
                                             tmp_path: Path, no_keyring: None) -> None:
    desk, app = _made(open_desk, form)
    out = tmp_path / "x.vdpkg"
    write_package(desk.packages.prepare(app), out, passphrase="패키지 암호 2026")
    parts = members(out.read_bytes())
    manifest = manifest_of(parts)
    assert manifest["kdf"]["check"] and manifest["kdf"]["sum"]
    with pytest.raises(PackageRefused, match="wrong passphrase"):
        read(out, desk.forms, passphrase=lambda: "틀린 패키지 암호")
    manifest["kdf"]["salt"] = _flip(manifest["kdf"]["salt"])
    bad = tmp_path / "bad.vdpkg"
    bad.write_bytes(pack(parts, manifest=manifest))
    with pytest.raises(PackageRefused) as caught:
        read(bad, desk.forms, passphrase=lambda: "패키지 암호 2026")
    assert caught.value.code == "damaged" and "손상" in caught.value.message_ko
    assert "wrong passphrase" not in str(caught.value)
    payload = bytearray(parts["payload.bin"])
    payload[40] ^= 0xFF  # the member hashes relisted: only AES-GCM can tell, and the passphrase is right
    bad.write_bytes(pack({**parts, "payload.bin": bytes(payload)}))
    with pytest.raises(PackageRefused) as caught:
        read(bad, desk.forms, passphrase=lambda: "패키지 암호 2026")
    assert caught.value.code == "damaged" and "손상" in caught.value.message_ko
    with pytest.raises(PackageRefused, match="wrong passphrase"):
        read(bad, desk.forms, passphrase=lambda: "틀린 패키지 암호")
