"""Save PNGs of every main screen, in Korean and in English, for a person to look at.

    .venv/bin/python scripts/screenshots.py OUTDIR [--prefix P] [--sizes 1366x768,1920x1080]
                                                  [--scales 1.25,1.5]

Each screen size (and each scaling, QT_SCALE_FACTOR, on the first size) runs in its own process
on an offscreen screen of exactly that size, so dialogs fit themselves to it as on a real
monitor. Files are OUTDIR/P<screen>-<lang>-<W>x<H>[@<scale>].png. Runs in a temporary data
folder with a sample client and application.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"
SAMPLE_2026 = ROOT / "tests" / "fixtures" / "answers" / "data-voucher-2026-sme.json"


def shoot(out: Path, lang: str, tag: str, prefix: str) -> list[Path]:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop_app import paths
    from desktop_app.forms import load_shipped
    from desktop_app.service import Desk
    from ui import i18n, settings
    from ui.catalogue import NewApplicationDialog
    from ui.main_window import MainWindow

    saved: list[Path] = []

    def settle() -> None:
        loop = QEventLoop()
        QTimer.singleShot(150, loop.quit)
        loop.exec()

    def grab(widget: QWidget, name: str) -> None:
        settle()
        path = out / f"{prefix}{name}-{lang}-{tag}.png"
        widget.grab().save(str(path))
        saved.append(path)

    screen = QApplication.primaryScreen().availableGeometry()
    with tempfile.TemporaryDirectory() as tmp:
        paths.set_base_dir(tmp)
        i18n.set_language(lang)
        desk = Desk.open(auto_backup=False)
        forms = load_shipped()
        # a founder's first start: the empty home of solo mode
        solo = MainWindow(desk, forms, settings.SOLO)
        solo.resize(screen.size())
        solo.show()
        grab(solo, "home-empty")
        solo.close()
        win = MainWindow(desk, forms, settings.CONSULTANT)
        win.resize(screen.size())
        win.show()
        dialog = NewApplicationDialog(forms, None, win)
        dialog.show()
        grab(dialog, "catalogue")
        dialog.close()
        client = desk.clients.create({"company.name": "주식회사 한빛데이터", "company.brn": "124-81-00998",
                                      "company.representative": "김한빛", "contact.email": "ceo@hanbit.example"})
        app_id = win.import_answers(str(SAMPLE))
        assert app_id is not None and client.client_id is not None
        editor = win.editor
        assert editor is not None
        editor.set_mode(settings.FORM)
        editor.view.go_to_section(editor.form.sections[1].id)
        grab(win, "editor-section")
        table_section = next(s.id for s in editor.form.sections if any(f.type == "table" for f in s.fields))
        editor.view.go_to_section(table_section)
        grab(win, "editor-table")
        field = next(f.id for f in editor.form.fields.values() if f.required is True and f.type == "text")
        editor.view.focus_field(field)
        editor.view.rows[field].touched = True
        editor.view.set_value(field, None)
        editor._queue(field, None)
        editor.flush()
        editor.tabs.setCurrentWidget(editor.checks)
        grab(win, "check-panel")
        # the interview over the same application: a question, a yes/no one, a short group, the review
        editor.set_mode(settings.INTERVIEW)
        grab(win, "interview-question")
        yes_no = next(f.id for f in editor.form.fields.values() if f.type == "boolean")
        editor.interview.go_to_field(yes_no)
        grab(win, "interview-yesno")
        group = next(s for s in editor.interview.screens if len(s.fields) == 3)
        editor.interview.go_to_field(group.fields[0].id)
        grab(win, "interview-group")
        while not editor.interview.on_review():
            editor.interview.next()
        grab(win, "interview-review")
        editor.interview.fix(field)
        editor.view.set_value(field, "복구")
        editor._queue(field, "복구")
        editor.flush()
        editor.tabs.setCurrentWidget(editor.history)
        grab(win, "interview-history")
        editor.tabs.setCurrentWidget(editor.attachments)
        grab(win, "interview-attachments")
        editor.set_mode(settings.FORM)
        pdf = out / f"sample-{lang}.pdf"
        done = QEventLoop()
        win.exporter.done.connect(lambda _i: done.quit())
        win.exporter.failed.connect(lambda _e: done.quit())
        win.export_pdf(path=pdf, final=False, preview=True)
        done.exec()
        if win.last_preview is not None:
            grab(win.last_preview, "pdf-preview")
            win.last_preview.close()
        win.show_home()
        win.home.text(0, 4)  # let the list compute completion and errors as the view would
        settle()
        grab(win, "home")
        win.show_clients()
        win.clients.select_client(client.client_id)
        grab(win, "clients")
        dialog = NewApplicationDialog(forms, desk.clients, win)
        dialog.show()
        grab(dialog, "catalogue-client")
        dialog.close()
        shoot_current_edition(win, forms, grab, settle, Path(tmp))
        win.close_editor()
        win.close()
        desk.close()
        paths.set_base_dir(None)
    return saved


def shoot_current_edition(win: Any, forms: list[Any], grab: Callable[[Any, str], None],
                          settle: Callable[[], None], tmp: Path) -> None:
    """The data voucher 2026 with its assumed values marked (form view, interview, catalogue), a
    table cell's open list, the photo-to-PDF offer and a recovered application's note."""
    import datetime as dt

    from PIL import Image
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.service.history import Recovered
    from ui import settings
    from ui.catalogue import NewApplicationDialog
    from ui.recovery import describe_one

    dialog = NewApplicationDialog(forms, None, win)
    dialog.show()
    dialog.list.setCurrentRow(next(i for i, f in enumerate(dialog.forms) if f.key == "data-voucher@2026"))
    grab(dialog, "catalogue-2026")
    dialog.close()
    app_id = win.import_answers(str(SAMPLE_2026))
    editor = win.editor
    assert app_id is not None and editor is not None
    editor.set_mode(settings.FORM)
    editor.view.focus_field("gov_share")
    grab(win, "confirm-form")
    editor.set_mode(settings.INTERVIEW)
    editor.interview.go_to_field("private_share")
    grab(win, "confirm-interview")
    editor.set_mode(settings.FORM)
    editor.view.focus_field("datasets")
    table = editor.view.rows["datasets"].editor
    col = [c.id for c in table.columns].index("rights")
    table.table.scrollTo(table.table.model().index(0, col))
    table.table.setCurrentCell(0, col)
    table.table.editItem(table.table.item(0, col))
    grab(win, "table-list")
    from ui.table_editor import PickList

    for picker in table.table.viewport().findChildren(PickList):  # Esc, as the user closes it
        table.delegates[col].closeEditor.emit(picker, table.delegates[col].EndEditHint.NoHint)
    photo = tmp / "등기부.jpg"
    Image.new("RGB", (400, 300), (200, 180, 120)).save(photo, "JPEG")

    def shoot_offer() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(50, shoot_offer)
            return
        grab(box, "photo-offer")
        box.reject()

    editor.tabs.setCurrentWidget(editor.attachments)
    QTimer.singleShot(50, shoot_offer)
    editor.attachments.add(str(photo), "corporate_register")
    saved_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    form = editor.form
    editor.show_recovered(describe_one(Recovered(app_id, "데이터바우처 2026", saved_at, ("company_name", "gov_share")),
                                       lambda _a, p: form.fields[p].label.get(i18n_language())))
    grab(win, "recovered-note")


def i18n_language() -> str:
    from ui.i18n import language

    return language()


def child(out: Path, size: str, scale: str, prefix: str) -> int:
    """One process per screen: its size and scaling are fixed before Qt starts."""
    width, height = (int(x) for x in size.split("x"))
    config = Path(tempfile.mkdtemp()) / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "screen", "x": 0, "y": 0, "width": width,
                                               "height": height, "logicalDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["QT_SCALE_FACTOR"] = scale
    # the sample has sensitive answers; where no OS keyring works they are sealed under a passphrase
    os.environ.setdefault("VOUCHER_DESK_PASSPHRASE", "screenshots only")
    from PySide6.QtWidgets import QApplication

    from ui.fonts import register_fonts
    from ui.style import apply_style

    app = QApplication([sys.argv[0]])
    register_fonts(app)
    apply_style(app)
    tag = size if scale in ("1", "1.0") else f"{size}@{scale}"
    for lang in ("ko", "en"):
        for path in shoot(out, lang, tag, prefix):
            print(path)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--prefix", default="")
    parser.add_argument("--sizes", default="1366x768,1920x1080")
    parser.add_argument("--scales", default="1.25,1.5", help="extra scalings, shot on the first size")
    parser.add_argument("--child", nargs=2, metavar=("SIZE", "SCALE"), help=argparse.SUPPRESS)
    ns = parser.parse_args()
    ns.out.mkdir(parents=True, exist_ok=True)
    if ns.child:
        return child(ns.out, ns.child[0], ns.child[1], ns.prefix)
    sizes = [s for s in ns.sizes.split(",") if s]
    runs = [(s, "1") for s in sizes] + [(sizes[0], sc) for sc in ns.scales.split(",") if sc]
    failed = 0
    for size, scale in runs:
        done = subprocess.run([sys.executable, __file__, str(ns.out), "--prefix", ns.prefix,
                               "--child", size, scale], check=False)
        failed += done.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
