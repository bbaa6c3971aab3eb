"""Cyclic garbage is freed on the GUI thread, never on a pool thread: a widget freed off the GUI
thread killed CI once with a segmentation fault inside the PDF export's attachment merge."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from ui import gc_guard, ops

FREED_ON: list[str] = []


class _InCycle:
    """Stands for a closed dialog caught in a reference cycle: records where it is freed."""

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        FREED_ON.append(threading.current_thread().name)


def _allocate_a_lot() -> int:
    """What pypdf's merge does to the collector: many container objects in a row."""
    keep = [[i] for i in range(200_000)]
    return len(keep)


def test_a_worker_never_frees_cyclic_garbage(qtbot: QtBot) -> None:
    gc.collect()
    FREED_ON.clear()
    task = ops.Task(None, show_errors=False)
    for _ in range(20):
        _InCycle()  # garbage now, freeable only by the cyclic collector
    with qtbot.waitSignal(task.done, timeout=30_000) as done:
        task.start(_allocate_a_lot)
    assert done.args == [200_000]
    # the worker allocated far past the threshold and collected nothing; the GUI timer may
    # have collected meanwhile, on the main thread (a slow CI run did)
    assert set(FREED_ON) <= {threading.main_thread().name}
    alive = [[i] for i in range(3 * gc.get_threshold()[0])]  # the GUI thread's own allocations
    qtbot.waitUntil(lambda: len(FREED_ON) == 20, timeout=5_000)  # then its timer collects
    assert set(FREED_ON) == {threading.main_thread().name}
    assert len(alive) > 0


def test_the_timer_collects_like_the_interpreter_would(qtbot: QtBot) -> None:
    gc_guard.install()
    gc.collect()
    FREED_ON.clear()
    threshold = gc.get_threshold()[0]
    for _ in range(threshold + 1):
        _InCycle()
    assert gc.get_count()[0] > threshold
    qtbot.waitUntil(lambda: len(FREED_ON) == threshold + 1, timeout=5_000)
    assert gc.get_count()[0] < threshold
