"""A team key or value that does not open is one of the project's errors (the one root): the
CLI gives it exit code 2 with a Korean and an English reason, the window its dialog."""

from __future__ import annotations

import pytest

from desktop_app.cli.common import exit_code
from desktop_app.errors import DeskError, kind_of
from desktop_app.security.aead import DataKey
from desktop_app.team import crypto


def test_a_wrong_invite_code_is_a_refusal_with_both_languages() -> None:
    key = DataKey.generate()
    kdf, wrapped = crypto.wrap(key, "k1", "kim", crypto.new_invite_code(), log2_n=10)
    with pytest.raises(crypto.TeamKeyError) as caught:
        crypto.unwrap(kdf, wrapped, "k1", "kim", crypto.new_invite_code())
    err = caught.value
    assert isinstance(err, DeskError) and kind_of(err) == "refused" and exit_code(err) == 2
    assert "초대 코드" in err.message("ko") and "invite code" in err.message("en")


def test_a_damaged_team_value_is_called_damaged() -> None:
    key = DataKey.generate()
    sealed = crypto.seal(key, "900101-1234567", "rec-1", "representative.rrn")
    assert crypto.open_value(key, sealed, "rec-1", "representative.rrn") == "900101-1234567"
    token = sealed[crypto.TEAM]
    damaged = {crypto.TEAM: token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB")}
    with pytest.raises(crypto.TeamKeyError) as caught:
        crypto.open_value(key, damaged, "rec-1", "representative.rrn")
    assert "손상" in caught.value.message("ko") and "representative.rrn" in caught.value.message("en")
    with pytest.raises(crypto.TeamKeyError):  # the same value under another record's name
        crypto.open_value(key, sealed, "rec-2", "representative.rrn")
