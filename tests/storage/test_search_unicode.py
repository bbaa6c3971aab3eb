"""Search finds a name however it was typed or stored (issue 18): decomposed Hangul (NFD, as a
Mac pastes it), ㈜ against (주), full-width letters — for short (LIKE) and long (trigram) terms."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from desktop_app.forms import load_shipped
from desktop_app.service import Desk


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize("query, expected", [
    ("(주)가온", {"㈜가온데이터"}), ("㈜가온", {"㈜가온데이터"}), ("㈜나래", {"(주)나래솔루션"}),
    (nfd("가온"), {"㈜가온데이터"}), (nfd("가"), {"㈜가온데이터"}), (nfd("가온데이터"), {"㈜가온데이터"}),
    ("한빛", {"한빛테크"}), ("빛", {"한빛테크"}), ("한빛테크", {"한빛테크"}),
    ("ＡＩ랩", {"AI랩 주식회사"}), ("(주)", {"㈜가온데이터", "(주)나래솔루션"}),
])
def test_clients_and_applications_match_across_spellings(base_dir: Path, query: str,
                                                         expected: set[str]) -> None:
    names = ["㈜가온데이터", "(주)나래솔루션", nfd("한빛테크"), "AI랩 주식회사"]
    form = load_shipped()[0]
    with Desk.open(auto_backup=False) as desk:
        for name in names:
            client = desk.clients.create({"company.name": name}).client_id
            desk.apps.new(form, client_id=client, title=f"{name} 신청")
        assert {c.name for c in desk.clients.search(query)} == expected
        assert {a.client_name for a in desk.apps.search(query)} == expected
        assert desk.apps.count(query) == len(expected)
