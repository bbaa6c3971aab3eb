"""Save PNGs of every main screen, in Korean and in English, for a person to look at.

    .venv/bin/python scripts/screenshots.py OUTDIR

Runs offscreen in a temporary data folder with a sample client and application.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the sample has sensitive answers; where no OS keyring works they are sealed under a passphrase
os.environ.setdefault("VOUCHER_DESK_PASSPHRASE", "screenshots only")
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "ai-data-voucher-2020-sme.json"


def shoot(out: Path, lang: str) -> list[Path]:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QWidget

    from desktop_app import paths
    from desktop_app.forms import load_shipped
    from desktop_app.service import Desk
    from ui import i18n
    from ui.catalogue import NewApplicationDialog
    from ui.main_window import MainWindow

    saved: list[Path] = []

    def settle() -> None:
        loop = QEventLoop()
        QTimer.singleShot(150, loop.quit)
        loop.exec()

    def grab(widget: QWidget, name: str) -> None:
        settle()
        path = out / f"{name}-{lang}.png"
        widget.grab().save(str(path))
        saved.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        paths.set_base_dir(tmp)
        i18n.set_language(lang)
        desk = Desk.open(auto_backup=False)
        forms = load_shipped()
        win = MainWindow(desk, forms, "consultant")
        win.resize(1280, 860)
        win.show()
        client = desk.clients.create({"company.name": "주식회사 한빛데이터", "company.brn": "124-81-00998",
                                      "company.representative": "김한빛", "contact.email": "ceo@hanbit.example"})
        app_id = win.import_answers(str(SAMPLE))
        assert app_id is not None and client.client_id is not None
        editor = win.editor
        assert editor is not None
        editor.view.go_to_section(editor.form.sections[1].id)
        grab(win, "editor-section")
        table_section = next(s.id for s in editor.form.sections if any(f.type == "table" for f in s.fields))
        editor.view.go_to_section(table_section)
        grab(win, "editor-table")
        field = next(f.id for f in editor.form.fields.values() if f.required is True and f.type == "text")
        editor.view.set_value(field, None)
        editor._queue(field, None)
        editor.flush()
        editor.tabs.setCurrentWidget(editor.checks)
        grab(win, "check-panel")
        editor.view.set_value(field, "복구")
        pdf = out / f"sample-{lang}.pdf"
        done = QEventLoop()
        win.exporter.done.connect(lambda _i: done.quit())
        win.exporter.error.connect(lambda _e: done.quit())
        win.export_pdf(path=pdf, final=False, preview=True)
        done.exec()
        if win.last_preview is not None:
            grab(win.last_preview, "pdf-preview")
            win.last_preview.close()
        win.show_home()
        grab(win, "home")
        win.show_clients()
        win.clients.select_client(client.client_id)
        grab(win, "clients")
        dialog = NewApplicationDialog(forms, desk.clients, win)
        dialog.show()
        grab(dialog, "catalogue")
        dialog.close()
        win.close_editor()
        win.close()
        desk.close()
        paths.set_base_dir(None)
    return saved


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtWidgets import QApplication

    from ui.fonts import register_fonts
    from ui.style import apply_style

    app = QApplication([sys.argv[0]])
    register_fonts(app)
    apply_style(app)
    for lang in ("ko", "en"):
        for path in shoot(out, lang):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
