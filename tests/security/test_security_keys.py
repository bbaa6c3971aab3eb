"""The data key: OS keyring when one works, a passphrase where none does, and clear messages
when the key is missing, wrong or unreachable — never a silent plaintext."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import pytest
from memory_keyring import MemoryKeyring, failing, using
from secure_desk import BIRTH, MOBILE

from desktop_app.forms import FormDefinition
from desktop_app.security import (
    KeyLost,
    KeyringUnavailable,
    PassphraseRequired,
    WeakPassphrase,
    WrongPassphrase,
    keyring_store,
)
from desktop_app.security.passphrase import fixed
from desktop_app.service import Desk
from desktop_app.storage import keymeta


def _raw_answer(desk: object, app_id: int, path: str) -> object:
    row = desk.store.db.execute(  # type: ignore[attr-defined]
        "SELECT value FROM answers WHERE app_id = ? AND path = ?", (app_id, path)).fetchone()
    return None if row is None else json.loads(row[0])


def test_no_key_until_a_sensitive_value_is_first_needed(open_desk: Callable[..., Desk], form: FormDefinition,
                                                        keyring_memory: MemoryKeyring) -> None:
    desk = open_desk()
    app = desk.apps.new(form).app_id
    assert app is not None
    desk.apps.save(app, "project_title", "평범한 과제")
    assert desk.vault.status().mode == "none" and keyring_memory.secrets == {}
    desk.apps.save(app, "representative_birth", BIRTH)
    status = desk.vault.status()
    assert status.mode == "keyring" and status.unlocked and not status.can_lock
    assert [s for s, _ in keyring_memory.secrets] == ["voucher-desk"]
    assert keyring_memory.secrets[("voucher-desk", f"data-key-{status.key_id}")]
    stored = _raw_answer(desk, app, "representative_birth")
    assert isinstance(stored, dict) and list(stored) == ["$sealed"]


def test_the_keyring_key_opens_the_answers_in_a_new_session(open_desk: Callable[..., Desk],
                                                             form: FormDefinition,
                                                             keyring_memory: MemoryKeyring) -> None:
    desk = open_desk()
    app = desk.apps.new(form, answers={"representative_birth": BIRTH}).app_id
    assert app is not None
    desk.close()
    again = open_desk(passphrase=lambda purpose: pytest.fail("no passphrase is needed"))
    assert again.apps.open(app).values["representative_birth"] == BIRTH


def test_without_keyring_and_passphrase_it_refuses_plainly(open_desk: Callable[..., Desk], form: FormDefinition,
                                                          no_keyring: None) -> None:
    desk = open_desk(passphrase=fixed(None))
    app = desk.apps.new(form, answers={"project_title": "과제"}).app_id
    assert app is not None
    with pytest.raises(PassphraseRequired) as caught:
        desk.apps.save(app, "contact_mobile", MOBILE)
    assert "no OS keyring works" in caught.value.message_en
    assert "VOUCHER_DESK_PASSPHRASE" in caught.value.message_en
    assert "fail" in caught.value.reason
    assert _raw_answer(desk, app, "contact_mobile") is None  # nothing stored, least of all plaintext
    assert desk.vault.status().mode == "none"
    with pytest.raises(PassphraseRequired):
        desk.apps.new(form, answers={"contact_mobile": MOBILE})
    assert len(desk.apps.search()) == 1  # the refused new application was not created


def test_without_keyring_the_passphrase_makes_the_key(open_desk: Callable[..., Desk], form: FormDefinition,
                                                      no_keyring: None) -> None:
    desk = open_desk(passphrase=fixed("correct horse battery"))
    app = desk.apps.new(form, answers={"contact_mobile": MOBILE}).app_id
    assert app is not None
    record = keymeta.get(desk.store.db)
    assert record is not None and record.mode == "passphrase"
    assert json.loads(record.kdf or "")["name"] == "scrypt" and record.wrapped
    assert MOBILE.encode() not in base64.b64decode(record.wrapped)
    desk.close()
    assert open_desk(passphrase=fixed("correct horse battery")).apps.open(app).values[
        "contact_mobile"] == MOBILE
    wrong = open_desk(passphrase=fixed("wrong horse battery"))
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        wrong.apps.save(app, "contact_mobile", "010-0000-0000")
    view = wrong.apps.open(app)  # the rest of the application is still there
    assert view.unreadable == ("contact_mobile",) and "wrong passphrase" in view.warnings[-1]
    missing = open_desk(passphrase=fixed(None))
    with pytest.raises(PassphraseRequired, match="protected by a passphrase"):
        missing.history.state(app, 1)


def test_the_environment_variable_is_the_default_source(open_desk: Callable[..., Desk], form: FormDefinition,
                                                        no_keyring: None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOUCHER_DESK_PASSPHRASE", "환경변수 암호문장")
    desk = open_desk()
    app = desk.apps.new(form, answers={"representative_birth": BIRTH}).app_id
    assert app is not None
    desk.close()
    assert open_desk().apps.open(app).values["representative_birth"] == BIRTH


def test_a_short_passphrase_is_refused(open_desk: Callable[..., Desk], form: FormDefinition,
                                       no_keyring: None) -> None:
    desk = open_desk(passphrase=fixed("short"))
    with pytest.raises(WeakPassphrase, match="at least 8"):
        desk.apps.new(form, answers={"representative_birth": BIRTH})


def test_a_lost_key_is_a_clear_message_and_the_rest_stays_readable(
        open_desk: Callable[..., Desk], form: FormDefinition, keyring_memory: MemoryKeyring) -> None:
    desk = open_desk()
    client = desk.clients.create({"company.name": "(주)분실", "contact.mobile": MOBILE}).client_id
    app = desk.apps.new(form, client_id=client, answers={"representative_birth": BIRTH,
                                                         "project_title": "남는 과제"}).app_id
    assert app is not None and client is not None
    desk.close()
    with using(MemoryKeyring()):  # another computer: the keyring knows nothing of this database
        lost = open_desk()
        view = lost.apps.open(app)
        assert view.values["project_title"] == "남는 과제"
        assert set(view.unreadable) == {"representative_birth", "contact_mobile"}
        assert "not in the OS keyring" in view.warnings[-1]
        assert "contact.mobile" not in lost.clients.get(client).profile
        assert lost.clients.get(client).name == "(주)분실"
        with pytest.raises(KeyLost, match="export package"):
            lost.apps.save(app, "representative_birth", "1990-01-01")
        with pytest.raises(KeyLost):
            lost.apps.copy(app, form)
        assert lost.apps.save(app, "project_title", "고친 과제").rev  # non-sensitive edits work
        changes = lost.history.changes(app, 1)
        assert {c.path: c.new for c in changes}["representative_birth"] == "[암호화됨 / encrypted]"


def test_a_different_key_in_the_keyring_is_recognised(open_desk: Callable[..., Desk], form: FormDefinition,
                                                      keyring_memory: MemoryKeyring) -> None:
    desk = open_desk()
    app = desk.apps.new(form, answers={"representative_birth": BIRTH}).app_id
    assert app is not None
    key_id = desk.vault.status().key_id
    desk.close()
    keyring_memory.secrets[("voucher-desk", f"data-key-{key_id}")] = base64.b64encode(
        b"\x01" * 32).decode()
    with pytest.raises(KeyLost, match="different key"):
        open_desk().history.state(app, 1)


def test_a_keyring_that_stops_working_is_named(open_desk: Callable[..., Desk], form: FormDefinition,
                                               keyring_memory: MemoryKeyring) -> None:
    desk = open_desk()
    app = desk.apps.new(form, answers={"representative_birth": BIRTH}).app_id
    assert app is not None
    desk.close()
    with using(failing()):
        view = open_desk().apps.open(app)
        assert view.unreadable == ("representative_birth",)
        assert "OS keyring is not available" in view.warnings[-1]
        with pytest.raises(KeyringUnavailable):
            open_desk().apps.save(app, "representative_birth", BIRTH)


def test_keyring_store_refuses_the_fail_backend(no_keyring: None) -> None:
    with pytest.raises(keyring_store.NoKeyring, match="fail"):
        keyring_store.save("x", b"k" * 32)
    assert "fail" in keyring_store.backend_name()


def test_set_passphrase_moves_the_key_out_of_the_keyring(open_desk: Callable[..., Desk], form: FormDefinition,
                                                         keyring_memory: MemoryKeyring) -> None:
    desk = open_desk()
    app = desk.apps.new(form, answers={"representative_birth": BIRTH}).app_id
    assert app is not None
    desk.vault.set_passphrase("새로운 암호문장입니다")
    assert keyring_memory.secrets == {} and desk.vault.status().mode == "passphrase"
    desk.close()
    assert open_desk(passphrase=fixed("새로운 암호문장입니다")).apps.open(app).values[
        "representative_birth"] == BIRTH


def test_two_desks_creating_a_key_at_once_agree(open_desk: Callable[..., Desk], form: FormDefinition,
                                                keyring_memory: MemoryKeyring) -> None:
    first, second = open_desk(), open_desk()
    b = second.apps.new(form, answers={"representative_birth": BIRTH}).app_id
    assert b is not None
    winner = second.vault.status().key_id
    # first had looked before second wrote its record: its own insert must yield to second's
    key, record = first.vault._create()
    assert record.key_id == winner and [u for _, u in keyring_memory.secrets] == [f"data-key-{winner}"]
    assert key.raw == second.vault.key().raw


def test_a_wrong_passphrase_is_asked_once_per_view(open_desk: Callable[..., Desk], form: FormDefinition,
                                                   no_keyring: None) -> None:
    desk = open_desk(passphrase=fixed("correct horse battery"))
    client = desk.clients.create({"company.name": "(주)질문", "contact.mobile": MOBILE}).client_id
    app = desk.apps.new(form, client_id=client, answers={"representative_birth": BIRTH}).app_id
    assert app is not None
    desk.apps.save(app, "members", [{"name": "가", "mobile": MOBILE}, {"name": "나", "mobile": MOBILE}])
    desk.close()
    asked: list[str] = []
    wrong = open_desk(passphrase=lambda purpose: asked.append(purpose) or "wrong horse battery")
    assert set(wrong.apps.open(app).unreadable) == {"representative_birth", "contact_mobile", "members"}
    assert asked == ["unlock"]
    wrong.history.diff(app, 0)
    wrong.clients.search("")
    assert asked == ["unlock"] * 3  # once per view, not once per value
