"""The home list must not wear out None (issue 18: "Fatal Python error: none_dealloc").

PySide6 6.12.0 drops a reference to None on every void Qt call under CPython 3.11; the old
QTableWidget list made ≈14 such calls per row per keystroke. Now `ui.singletons` gives the
singletons an unreachable count, and the model/view list costs a few calls per refresh, not
per row. Both are checked here on a book of 50,000 applications, through the real page.
"""

from __future__ import annotations

import gc
import sys
import time

from pytestqt.qtbot import QtBot

from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from desktop_app.storage import applications as app_rows
from desktop_app.storage.connection import transaction
from ui import singletons
from ui.home import HomePage

ROWS = 50_000


def _book(desk: Desk) -> None:
    """50,000 application rows (empty drafts) in one transaction: the list, not the answers."""
    forms = load_shipped()
    client = desk.clients.create({"company.name": "주식회사 한빛데이터"}).client_id
    with transaction(desk.store.db):
        for i in range(ROWS):
            form = forms[i % len(forms)]
            app_rows.insert(desk.store.db, client_id=client if i % 2 else None,
                            title=f"신청서 {i:05d}", form_id=form.id,
                            form_edition=form.edition, form_hash=form.content_hash)


def test_refresh_sort_and_scroll_of_50000_rows_do_not_wear_out_none(base_dir: object, qtbot: QtBot) -> None:
    with Desk.open(auto_backup=False) as desk:
        _book(desk)
        page = HomePage(desk, load_shipped())
        qtbot.addWidget(page)
        page.resize(1000, 700)
        page.show()
        qtbot.waitExposed(page)
        assert page.model.total == ROWS and page.model.rowCount() < ROWS
        assert "50,000" in page.count_label.text()
        qtbot.wait(500)  # timers left by earlier tests' widgets fire now, not inside the count
        gc.collect()  # and their garbage goes now: tearing down a widget costs void Qt calls too
        page.search.setText("")
        page.refresh()  # start and end alike: the rows loaded (each holds None) are the same
        start = sys.getrefcount(None)
        began = time.perf_counter()
        deepest = 0
        for i in range(20):
            page.search.setText("신청서" if i % 2 else "")
            page.refresh()
            page.table.sortByColumn(i % 4, page.table.horizontalHeader().sortIndicatorOrder())
            page.table.scrollToBottom()  # pages more rows in
            qtbot.wait(1)
            deepest = max(deepest, page.model.rowCount())
        page.search.setText("")
        page.table.sortByColumn(-1, page.table.horizontalHeader().sortIndicatorOrder())
        page.refresh()
        fell = start - sys.getrefcount(None)
        assert deepest > 200, "scrolling to the bottom loads further pages"
        # The old list fell by ≈7 × 500 per refresh (≈70,000 here). What remains is PySide's
        # one reference per void call the page itself makes (a few dozen per step), however
        # many rows there are.
        assert fell < 20 * 100, f"None lost {fell} references in 20 refreshes"
        assert time.perf_counter() - began < 60
        page.table.setModel(None)  # nothing may ask the closed book for more rows
        page.hide()
    if sys.version_info < (3, 12):
        assert singletons.headroom(None) > singletons.HEADROOM // 2


def test_the_guard_lifts_the_singletons_out_of_reach() -> None:
    assert singletons.protect() == (sys.version_info < (3, 12))
    for obj in (None, True, False):
        assert singletons.headroom(obj) > singletons.HEADROOM // 2
