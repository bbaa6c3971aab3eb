"""Search with Korean: words inside compounds, short and long queries, 사업자등록번호."""

from __future__ import annotations

import pytest

from desktop_app.forms import FormDefinition
from desktop_app.service import Desk

CLIENTS = [
    {"company.name": "(주)빅데이터분석연구소", "company.brn": "124-81-00998",
     "company.representative": "김민준"},
    {"company.name": "고객관계관리솔루션", "company.brn": "2208162517",
     "company.representative": "이서연"},
    {"company.name": "관계사랑 협동조합", "company.representative": "박관계"},
    {"company.name": "Data_100% Labs", "company.representative": "Lee"},
    {"company.name": "한빛상사", "company.representative": "정하늘"},
]


@pytest.fixture
def filled(desk: Desk, form_2026: FormDefinition) -> Desk:
    ids = [desk.clients.create(p).client_id for p in CLIENTS]
    titles = ["스마트팩토리 데이터 가공", "고객관계관리(CRM) 고도화", "AI 바우처 신청", "물류 최적화"]
    for client_id, title in zip(ids, titles, strict=False):
        desk.apps.new(form_2026, client_id=client_id, title=title)
    desk.clients.archive(ids[4])
    return desk


def names(desk: Desk, query: str, **kw: bool) -> list[str]:
    return sorted(c.name for c in desk.clients.search(query, **kw))


def titles(desk: Desk, query: str) -> list[str]:
    return sorted(a.title for a in desk.apps.search(query))


@pytest.mark.parametrize("query, expected", [
    ("데이터", ["(주)빅데이터분석연구소"]),              # 3 syllables: trigram, inside a compound
    ("관계", ["고객관계관리솔루션", "관계사랑 협동조합"]),   # 2 syllables: inside a compound, LIKE
    ("관리", ["고객관계관리솔루션"]),
    ("분석연구", ["(주)빅데이터분석연구소"]),             # 4 syllables
    ("고객관계관리솔루션", ["고객관계관리솔루션"]),
    ("이서연", ["고객관계관리솔루션"]),                   # representative
    ("서연", ["고객관계관리솔루션"]),
    ("관", ["고객관계관리솔루션", "관계사랑 협동조합"]),   # 1 syllable (representative 박관계 too)
    ("관계 협동", ["관계사랑 협동조합"]),                # terms are AND-ed
    ("없는말", []),
])
def test_korean_client_search(filled: Desk, query: str, expected: list[str]) -> None:
    assert names(filled, query) == expected


@pytest.mark.parametrize("query", ["124-81-00998", "1248100998", "124-81", "12481", "00998",
                                   "81-0"])
def test_brn_with_or_without_hyphens(filled: Desk, query: str) -> None:
    assert names(filled, query) == ["(주)빅데이터분석연구소"]


def test_like_wildcards_are_literal(filled: Desk) -> None:
    assert names(filled, "_1") == ["Data_100% Labs"]
    assert names(filled, "0%") == ["Data_100% Labs"]
    assert names(filled, "%") == ["Data_100% Labs"]
    assert names(filled, "data") == ["Data_100% Labs"]  # ASCII case-insensitive


def test_archived_clients_only_on_request(filled: Desk) -> None:
    assert names(filled, "한빛") == []
    assert names(filled, "한빛", include_archived=True) == ["한빛상사"]


def test_applications_by_title_client_and_brn(filled: Desk) -> None:
    assert titles(filled, "데이터") == ["스마트팩토리 데이터 가공"]  # title and client name
    assert titles(filled, "관계") == ["AI 바우처 신청", "고객관계관리(CRM) 고도화"]
    assert titles(filled, "팩토리") == ["스마트팩토리 데이터 가공"]
    assert titles(filled, "220-81") == ["고객관계관리(CRM) 고도화"]
    assert titles(filled, "crm") == ["고객관계관리(CRM) 고도화"]
    assert titles(filled, "김민준") == ["스마트팩토리 데이터 가공"]


def test_renamed_client_and_title_are_found_under_the_new_name(filled: Desk) -> None:
    [client] = filled.clients.search("한빛", include_archived=True)
    filled.clients.edit(client.id, {"company.name": "새이름데이터"})
    assert names(filled, "새이름", include_archived=True) == ["새이름데이터"]
    assert names(filled, "한빛", include_archived=True) == []
    [app] = filled.apps.search("물류")
    filled.apps.rename(app.id, "빅데이터 물류 분석")
    assert titles(filled, "물류 분석") == ["빅데이터 물류 분석"]
    assert titles(filled, "최적화") == []


def test_saving_answers_does_not_touch_the_search_index(desk: Desk, app_id: int) -> None:
    db = desk.store.db
    before = db.execute("SELECT count(*) FROM applications_fts_data").fetchone()[0]
    for i in range(20):
        desk.apps.save(app_id, "summary", f"내용 {i}")
    assert db.execute("SELECT count(*) FROM applications_fts_data").fetchone()[0] == before
