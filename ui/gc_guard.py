"""Python's cyclic garbage collector runs only on the GUI thread while the window is up.

Why: the collector runs in whichever thread happens to allocate past its threshold. A closed
dialog or page caught in a reference cycle is then freed on that thread; when it is a pool
thread (the PDF export merging attachments with pypdf allocates a great deal) the widget's
C++ side is destroyed off the GUI thread and the process dies with a segmentation fault
("Garbage-collecting" in the fault's traceback; seen once in CI inside pypdf's clone).

So automatic collection is switched off and a timer on the GUI thread collects instead, with
the same generation thresholds the interpreter would use, so memory behaves as before.
Reference counting still frees everything that is not in a cycle at once, on any thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500


class _Collector(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.app = app
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        app.aboutToQuit.connect(self.stop)

    def check(self) -> None:
        """Collect the generations the interpreter would have collected by now."""
        counts = gc.get_count()
        if counts[0] <= self.threshold[0]:
            return
        generation = 0
        if counts[1] > self.threshold[1]:
            generation = 2 if counts[2] > self.threshold[2] else 1
        gc.collect(generation)

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()


_installed: _Collector | None = None


def collect_due() -> None:
    """What the timer does, for a caller on the GUI thread that runs no event loop for a while
    (the test suite between tests)."""
    if _installed is not None:
        _installed.check()


def install() -> None:
    """Idempotent; needs the QApplication. Called at start-up and before any work leaves for a
    pool thread, so every path that starts a worker is covered (tests included)."""
    global _installed
    app = QCoreApplication.instance()
    if app is None or (_installed is not None and _installed.app is app):
        return
    _installed = _Collector(app)
