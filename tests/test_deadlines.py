"""The deadline cockpit and its calendar (issue 18): what is due in 7/14/30 days across clients,
what blocks each, the submit-by date, and an RFC 5545 .ics of it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.service import Desk, deadlines

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"
TODAY = dt.date(2020, 6, 5)  # the 2020 AI data voucher closes 2020-06-15 15:00 KST: D-10


@pytest.fixture
def book(base_dir: Path) -> dict[str, int]:
    with Desk.open(auto_backup=False) as desk:
        client = desk.clients.create({"company.name": "㈜가온, 데이터; 랩"}).client_id
        full = desk.answers.import_file(SAMPLE, client_id=client).app_id
        empty = desk.apps.new(desk.find_form("ai-data-voucher@2020"), client_id=client,
                              title="빈 신청서").app_id
        later = desk.apps.new(desk.find_form("data-voucher@2023"), title="내년 것").app_id
        assert empty is not None and later is not None
        return {"full": full, "empty": empty, "later": later}


def test_due_lists_what_blocks_each_and_the_target(book: dict[str, int]) -> None:
    with Desk.open(auto_backup=False) as desk:
        items = deadlines.due(desk, today=TODAY)
    assert [d.app_id for d in items] == sorted([book["full"], book["empty"]])
    full = next(d for d in items if d.app_id == book["full"])
    empty = next(d for d in items if d.app_id == book["empty"])
    assert (full.days_left, full.window, full.target) == (10, 14, dt.date(2020, 6, 12))
    assert not full.blocked
    assert empty.blocked and empty.error_count > 0 and empty.missing_attachments
    with Desk.open(auto_backup=False) as desk:
        assert deadlines.due(desk, today=TODAY, within=7) == []
        assert deadlines.due(desk, today=dt.date(2020, 6, 16)) == []  # closed: not due


def test_cli_and_the_calendar_file(book: dict[str, int], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "deadlines.ics"
    code = main(["apps", "deadlines", "--today", TODAY.isoformat(), "--ics", str(target)])
    out = capsys.readouterr().out
    assert code == 0
    assert "2 due within 30 days: 0 within 7, 2 within 14, 0 within 30; 1 still blocked" in out
    assert "submit by 2020-06-12" in out
    raw = target.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines), "folded at 75 octets"
    assert b"\n" not in raw.replace(b"\r\n", b"")
    unfolded = raw.decode("utf-8").replace("\r\n ", "")
    assert unfolded.count("BEGIN:VEVENT") == 2 and unfolded.count("BEGIN:VALARM") == 2
    assert "DTEND:20200615T060000Z" in unfolded  # 15:00 KST
    assert "TRIGGER;VALUE=DATE-TIME:20200612T000000Z" in unfolded  # 09:00 KST on the target
    assert "㈜가온\\, 데이터\\; 랩" in unfolded  # TEXT escaping
    assert f"UID:app-{book['empty']}-ai-data-voucher@2020@voucher-desk" in unfolded
    code = main(["apps", "deadlines", "--today", TODAY.isoformat(), "--json", "--within", "7"])
    assert code == 0 and json.loads(capsys.readouterr().out) == []


def test_home_cockpit_shows_what_is_due_and_exports_the_calendar(book: dict[str, int], qtbot: object,
                                                                  tmp_path: Path) -> None:
    from desktop_app.forms import load_shipped
    from ui import i18n
    from ui.home import HomePage

    i18n.set_language("ko")
    with Desk.open(auto_backup=False) as desk:
        page = HomePage(desk, load_shipped())
        qtbot.addWidget(page)  # type: ignore[attr-defined]
        page.refresh_cockpit(today=TODAY)
        text = page.cockpit.text()
        assert "7일 내 0건 · 14일 내 2건 · 30일 내 0건" in text and "막힘 1건" in text
        assert "목표 제출일 06-12" in text and page.ics_button.isEnabled()
        saved = page.export_ics(tmp_path / "home.ics")
        assert saved is not None and saved.read_bytes().count(b"BEGIN:VEVENT") == 2
        page.refresh_cockpit(today=dt.date(2020, 7, 1))
        assert "없습니다" in page.cockpit.text() and not page.ics_button.isEnabled()
        page.table.setModel(None)
