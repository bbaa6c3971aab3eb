"""After an attach the list jumped back to its top, and a founder's next file went to the item
the cursor then sat on (확약서 into '발표자료'). The place now stays with what was attached."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.forms import load_shipped
from desktop_app.service import Desk
from ui import settings
from ui.main_window import MainWindow

FILES = Path(__file__).resolve().parent / "fixtures" / "answers" / "attachments" / "ai-data-voucher-2020"


def test_the_list_keeps_its_place_after_an_attach(qtbot: QtBot, base_dir: Path) -> None:
    with Desk.open(auto_backup=False) as desk:
        window = MainWindow(desk, load_shipped(), settings.SOLO)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        form = next(f for f in window.forms if f.key == "ai-data-voucher@2020")
        assert window.create_application(form, None) is not None and window.editor is not None
        panel = window.editor.attachments
        panel.tree.setFixedHeight(120)  # a few rows in view, as in the founder's window
        last = panel.tree.topLevelItem(panel.tree.topLevelItemCount() - 2)
        assert last is not None
        wanted = last.data(0, 0x0100)[1]  # Qt.UserRole: ("req", id)
        panel.tree.setCurrentItem(last)
        panel.tree.scrollToItem(last)
        assert panel.add(str(FILES / "participation-pledge.pdf"), wanted)
        current = panel.tree.currentItem()
        assert current is not None and current.data(0, 0x0100) == ("req", wanted)
        assert panel.tree.verticalScrollBar().value() > 0  # not back at the top
        window.close_editor()
        window.close()
