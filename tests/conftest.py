"""Shared fixtures. Qt must run offscreen before any QApplication exists (PITFALLS.md)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def base_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data directory for the test; nothing touches the user's real data."""
    monkeypatch.setenv("VOUCHER_DESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(autouse=True)
def _no_leftover_base_dir() -> Iterator[None]:
    """A CLI call with --base-dir sets a process-wide override; never let it leak into the next test."""
    from desktop_app import paths

    yield
    paths.set_base_dir(None)


@pytest.fixture(autouse=True)
def _memory_keyring() -> Iterator[None]:
    """A working OS keyring for every test (the machine's own may be the `fail` backend):
    sensitive answers are sealed with a key kept here. Tests of the no-keyring path swap in
    the fail backend themselves (tests/security)."""
    from memory_keyring import memory, using

    with using(memory()):
        yield


@pytest.fixture
def ui_errors() -> Iterator[list[str]]:
    """What the window would have shown in its error dialog (ui.errors), collected instead."""
    from ui import errors

    seen: list[str] = []
    errors.set_sink(lambda summary, details: seen.append(f"{summary}\n{details}"))
    yield seen
    errors.set_sink(None)
