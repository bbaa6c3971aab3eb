"""One way to run an action of the window: on the GUI thread, or on a worker with a progress
indicator, with the one error display (ui.errors) when it fails.

- `attempt(parent, action)`: run now, on the GUI thread; `Done(value)`, or None after showing
  the error. For the quick façade calls (save, open, copy, upgrade …).
- `in_worker(parent, work, text)`: run `work` on a pool thread while a modal progress dialog
  keeps the window painted; returns like `attempt`. For slow work the caller waits for
  (scrypt, building or reading a package). `wait_for` is the same but raises the error.
- `Task`: the same in the background: `start(work)`, then `done(value)` or `failed(exc)` on
  the GUI thread (the PDF export, the daily backup, loading the core at start-up).

Python's cyclic garbage collector runs on the GUI thread only (ui.gc_guard), so a widget in a
reference cycle is never freed on a worker.

Threading rule: the sqlite connection inside a Desk belongs to the thread that opened it. Work
sent to a worker never touches the window's Desk: it gets an immutable snapshot taken on the GUI
thread first (a PdfJob, a PackageJob, a path and a passphrase), or opens a Desk of its own and
closes it before returning. The results come back to the GUI thread through a queued signal;
then the GUI thread writes to its Desk (record the export, import the package).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui import gc_guard
from ui.errors import show_error

T = TypeVar("T")


@dataclass(frozen=True)
class Done(Generic[T]):
    """An action that succeeded, with what it returned (which may itself be None)."""

    value: T


def attempt(parent: QWidget | None, action: Callable[[], T]) -> Done[T] | None:
    """Run `action` on the GUI thread; on any error show it and return None."""
    try:
        return Done(action())
    except Exception as exc:  # the one error display for every action of the window
        show_error(parent, exc)
        return None


class _Relay(QObject):
    """Lives on the GUI thread: the worker emits, Qt queues the call to the GUI thread."""

    finished = Signal(object, object)  # value, exception (one of them is None)


class _Run(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work, self.relay = work, relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            value = self.work()
        except BaseException as exc:  # handed to the GUI thread's one error display
            self.relay.finished.emit(None, exc)
            return
        self.relay.finished.emit(value, None)


def _progress(parent: QWidget | None, text: str, modal: bool) -> QProgressDialog | None:
    if parent is None:
        return None
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(300)
    dialog.setWindowModality(Qt.WindowModality.WindowModal if modal else Qt.WindowModality.NonModal)
    return dialog


class Task(QObject):
    """Background work with `done(value)` / `failed(exc)` on the GUI thread; one at a time.

    Errors are shown by ui.errors unless `show_errors` is False (then `failed` alone reports)."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, text: str = "", show_errors: bool = True) -> None:
        super().__init__(parent)
        self.parent_widget, self.text, self.show_errors = parent, text, show_errors
        self._relay: _Relay | None = None
        self._progress: QProgressDialog | None = None

    def running(self) -> bool:
        return self._relay is not None

    def start(self, work: Callable[[], Any]) -> None:
        if self._relay is not None:
            raise RuntimeError("a task is already running")
        self._relay = _Relay()
        self._relay.finished.connect(self._finished)
        self._progress = _progress(self.parent_widget, self.text, modal=False) if self.text else None
        gc_guard.install()
        QThreadPool.globalInstance().start(_Run(work, self._relay))

    def _finished(self, value: object, exc: object) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None
        if self._relay is not None:
            self._relay.deleteLater()
            self._relay = None
        if isinstance(exc, BaseException):
            if self.show_errors:
                show_error(self.parent_widget, exc)
            self.failed.emit(exc)
        else:
            self.done.emit(value)


def in_worker(parent: QWidget | None, work: Callable[[], T], text: str) -> Done[T] | None:
    """Run `work` on a pool thread and wait for it without freezing the window (a modal
    progress dialog, a local event loop); on an error show it and return None."""
    try:
        return Done(wait_for(parent, work, text))
    except Exception as exc:  # the one error display, as in `attempt`
        show_error(parent, exc)
        return None


def wait_for(parent: QWidget | None, work: Callable[[], T], text: str) -> T:
    """As `in_worker`, but the work's exception is raised here, on the GUI thread, for a caller
    that handles it itself (a wrong passphrase asked again)."""
    outcome: list[Any] = []
    loop = QEventLoop()
    relay = _Relay()

    def finished(value: object, exc: object) -> None:
        outcome[:] = [value, exc]
        loop.quit()

    relay.finished.connect(finished)
    progress = _progress(parent, text, modal=True)
    gc_guard.install()
    QThreadPool.globalInstance().start(_Run(work, relay))
    if not outcome:
        loop.exec()
    if progress is not None:
        progress.reset()
        progress.deleteLater()
    relay.deleteLater()
    value, exc = outcome
    if isinstance(exc, BaseException):
        raise exc
    return value  # type: ignore[no-any-return]


def wait_for_workers(msecs: int = 30_000) -> bool:
    """At exit: let running work finish (a backup half-written is worse than a slow quit)."""
    return bool(QThreadPool.globalInstance().waitForDone(msecs))
