"""Clients and applications through the façade: prefill, provenance, copy, status, results."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop_app.forms import FormDefinition
from desktop_app.service import Blocked, Desk
from desktop_app.storage import NotFound, Rejected


def test_client_create_edit_archive(desk: Desk) -> None:
    made = desk.clients.create({"company.name": " 새싹데이터 ", "company.brn": "1248100998",
                                "company.homepage": "https://x.kr"})
    assert made.clients and made.client_id is not None
    assert any("unknown profile key" in w for w in made.warnings)
    client = desk.clients.get(made.client_id)
    assert client.name == "새싹데이터" and client.profile["company.brn"] == "124-81-00998"
    edited = desk.clients.edit(made.client_id, {"company.employees": "9",
                                                "company.homepage": None})
    assert set(edited.paths) == {"company.employees", "company.homepage"}
    assert desk.clients.edit(made.client_id, {"company.employees": "9"}).nothing
    assert "company.homepage" not in desk.clients.get(made.client_id).profile
    assert desk.clients.archive(made.client_id).clients
    assert not desk.clients.archive(made.client_id).clients
    assert desk.clients.get(made.client_id).archived


def test_client_input_is_checked(desk: Desk) -> None:
    with pytest.raises(Rejected):
        desk.clients.create({"company.brn": "1248100998"})
    with pytest.raises(Rejected):
        desk.clients.create({"company.name": "x", "Company Name": "y"})
    with pytest.raises(Rejected, match="check"):  # a wrong check digit is an error …
        desk.clients.create({"company.name": "x", "company.brn": "123-45-67890"})
    warned = desk.clients.create({"company.name": "x", "company.brn": "123-45-67890"},
                                 allow_invalid_brn=True)  # … unless the caller overrides it
    assert any("checksum" in w for w in warned.warnings)
    with pytest.raises(NotFound):
        desk.clients.edit(999, {"company.name": "y"})


def test_new_application_is_prefilled_from_the_profile(desk: Desk, client_id: int,
                                                       form_2026: FormDefinition) -> None:
    changed = desk.apps.new(form_2026, client_id=client_id,
                            answers={"project_title": "데이터 가공", "employees": 15})
    assert changed.applications and changed.rev == 1
    view = desk.apps.open(changed.app_id or 0)
    assert view.app.title == "(주)빅데이터분석연구소 · 시험 바우처 2026"
    assert (view.app.form_id, view.app.form_edition) == ("test-voucher", "2026")
    assert view.app.form_hash == form_2026.content_hash and not view.form_changed
    prov = {p: a.provenance for p, a in view.answers.items()}
    assert prov == {"company_name": "profile", "brn": "profile", "representative": "profile",
                    "contact_email": "profile", "employees": "profile",
                    "project_title": "imported"}
    # the chosen client's profile wins over the given answers (12 there, 15 given) and says so
    assert view.values["employees"] == 12 and view.values["brn"] == "124-81-00998"
    assert len(changed.warnings) == 1 and "상시근로자 수" in changed.warnings[0]
    assert desk.clients.applications(client_id)[0].id == changed.app_id


def test_profile_numbers_become_numbers(desk: Desk, client_id: int,
                                        form_2026: FormDefinition) -> None:
    app = desk.apps.new(form_2026, client_id=client_id).app_id or 0
    assert desk.apps.open(app).values["employees"] == 12  # "12" in the profile


def test_position_and_title(desk: Desk, app_id: int) -> None:
    before = desk.apps.get(app_id)
    desk.apps.set_position(app_id, "project", 340)
    after = desk.apps.get(app_id)
    assert (after.current_section, after.scroll_pos) == ("project", 340)
    assert after.head_rev == before.head_rev
    assert desk.apps.rename(app_id, "새 제목").applications
    assert desk.apps.get(app_id).title == "새 제목"


def test_copy_to_another_edition_carries_and_parks(desk: Desk, client_id: int,
                                                   form_2025: FormDefinition,
                                                   form_2026: FormDefinition) -> None:
    old = desk.apps.new(form_2025, client_id=client_id).app_id or 0
    desk.apps.save(old, "summary", "작년 요약")
    desk.apps.save(old, "old_only", "구판에만 있는 답")
    desk.clients.edit(client_id, {"contact.email": "new@example.kr"})
    copied = desk.apps.copy(old, form_2026)
    assert copied.parked == ("old_only",)
    view = desk.apps.open(copied.app_id or 0)
    assert view.app.form_edition == "2026"
    assert view.answers["summary"].value == "작년 요약"
    assert view.answers["summary"].provenance == "carried"
    assert view.answers["contact_email"].value == "new@example.kr"  # fresh from the profile
    assert view.answers["contact_email"].provenance == "profile"
    assert view.parked == {"old_only": "구판에만 있는 답"}
    assert "parked:old_only" not in view.values
    assert desk.apps.open(old).values["summary"] == "작년 요약"  # the source is untouched


def test_status_needs_a_valid_application(desk: Desk, app_id: int) -> None:
    with pytest.raises(Blocked) as err:
        desk.apps.set_status(app_id, "ready", today=dt.date(2026, 3, 1))
    assert err.value.issues and "error" in str(err.value)
    with pytest.raises(Rejected):
        desk.apps.set_status(app_id, "submitted")  # not from draft
    assert desk.apps.set_status(app_id, "archived").status == "archived"
    assert desk.apps.search() == []
    assert desk.apps.set_status(app_id, "draft").status == "draft"


def _main_file_status(db_file: Path, tmp: Path, app_id: int) -> str:
    """The status as the database file alone (without its WAL) holds it."""
    alone = tmp / "alone.sqlite3"
    shutil.copy(db_file, alone)
    conn = sqlite3.connect(alone)
    try:
        return str(conn.execute("SELECT status FROM applications WHERE id = ?",
                                (app_id,)).fetchone()[0])
    except sqlite3.OperationalError:  # not even the tables are in the file yet
        return ""
    finally:
        conn.close()


def test_full_status_walk_ends_checkpointed(desk: Desk, app_id: int, tmp_path: Path) -> None:
    pdf = tmp_path / "cert.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"0" * 100)
    desk.attachments.add(app_id, "biz_cert", pdf)
    desk.apps.save(app_id, "project_title", "데이터 가공 과제")
    today = dt.date(2026, 3, 1)
    assert desk.apps.set_status(app_id, "ready", today=today).status == "ready"
    assert _main_file_status(desk.location.db, tmp_path, app_id) != "ready"  # only in the WAL
    for status in ("exported", "submitted"):
        assert desk.apps.set_status(app_id, status, today=today).status == status
        assert _main_file_status(desk.location.db, tmp_path, app_id) == status
    row, _ = desk.apps.record_export(app_id, pdf)
    assert row.rev == desk.apps.get(app_id).head_rev and len(row.sha256) == 64
    with pytest.raises(Rejected):
        desk.apps.save(app_id, "summary", "제출 후 수정")
    assert desk.apps.set_status(app_id, "archived").status == "archived"


def test_a_firm_already_in_the_book_is_refused(desk: Desk) -> None:
    from desktop_app.service import DuplicateClient

    first = desk.clients.create({"company.name": "㈜가온데이터", "company.brn": "124-81-00998",
                                 "company.representative": "김민서"}).client_id
    with pytest.raises(DuplicateClient) as same_brn:
        desk.clients.create({"company.name": "다른 이름", "company.brn": "1248100998"})
    assert same_brn.value.existing.id == first and same_brn.value.reason == "brn"
    with pytest.raises(DuplicateClient) as same_name:  # legal form and spacing aside
        desk.clients.create({"company.name": "가온 데이터 주식회사", "company.representative": "김민서"})
    assert same_name.value.reason == "name" and f"#{first}" in str(same_name.value)
    other = desk.clients.create({"company.name": "가온데이터", "company.representative": "이서연"})
    assert other.client_id != first  # same name, another representative: another firm
    again = desk.clients.create({"company.name": "x", "company.brn": "124-81-00998"}, allow_duplicate=True)
    assert again.client_id not in (None, first)
