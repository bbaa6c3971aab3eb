"""Composition root: `voucher-desk` parses the arguments, runs a subcommand without Qt, or
opens the window. Nothing imports this module; it may import everything.

PySide6 is imported only when a window is really wanted, so subcommands stay fast and
work on machines without Qt's system libraries.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from desktop_app import cli

NO_DISPLAY = (
    "voucher-desk: no display found, so the window cannot open.\n"
    "  화면(디스플레이)이 없어 창을 열 수 없습니다.\n"
    "  Run it under a virtual screen:   xvfb-run -a bash scripts/start.sh\n"
    "  or without a window, e.g.:       bash scripts/start.sh forms list\n"
    "  (QT_QPA_PLATFORM=offscreen starts it invisibly, for tests and screenshots.)"
)


def has_display() -> bool:
    """Linux without X11/Wayland (and no explicit platform) would abort inside Qt."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM"))


def window_check() -> str:
    """Self-test step: Qt starts (offscreen without a display), the font registers, the window builds."""
    if not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6 import __version__ as qt_version
    from PySide6.QtWidgets import QApplication

    from desktop_app.service import Desk, load_shipped
    from ui.fonts import register_fonts
    from ui.main_window import MainWindow
    from ui.style import apply_style

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    family = register_fonts(app)
    if not apply_style(app):
        raise RuntimeError("the style sheet (resources/styles/app.qss) is missing; run the set-up again")
    if not family:
        raise RuntimeError("the bundled Korean font is missing; run the set-up again")
    with Desk.open(auto_backup=False) as desk:
        window = MainWindow(desk, load_shipped(), "consultant")
        window.show()
        app.processEvents()
        shown = window.isVisible()
        window.close()
    if not shown:
        raise RuntimeError("the main window did not show")
    return f"PySide6 {qt_version} on {app.platformName()}, font {family}, main window shown"


def main(argv: Sequence[str] | None = None) -> int:
    ns = cli.parse(argv)
    if ns.self_test:
        return cli.run(ns, [("window", window_check)])
    if ns.command is not None:
        return cli.run(ns)
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from ui.run import run_window

    return run_window(list(sys.argv[:1]))


if __name__ == "__main__":
    sys.exit(main())
