"""Shared fixtures. Qt must run offscreen before any QApplication exists (PITFALLS.md)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _no_real_user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Tests never touch the user's real folders: the platform folders (platformdirs follows HOME
    and the XDG variables; QSettings too) point into one temporary tree for the whole session, so
    a test without `base_dir` still writes nowhere real, and the parsed-forms cache stays warm."""
    root = tmp_path_factory.mktemp("user-folders")
    saved = {k: os.environ.get(k) for k in _USER_FOLDER_VARS}
    for key in _USER_FOLDER_VARS:
        (root / key.lower()).mkdir()
        os.environ[key] = str(root / key.lower())
    os.environ.pop("VOUCHER_DESK_HOME", None)
    yield root
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


_USER_FOLDER_VARS = ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")


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


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_main_thread() -> Iterator[None]:
    """Once a window worker has run, ui.gc_guard has switched automatic collection off and
    collects from a GUI timer; a test that turns no event loop still gets its garbage collected."""
    yield
    guard = sys.modules.get("ui.gc_guard")
    if guard is not None:
        guard.collect_due()


@pytest.fixture
def ui_errors() -> Iterator[list[str]]:
    """What the window would have shown in its error dialog (ui.errors), collected instead."""
    from ui import errors

    seen: list[str] = []
    errors.set_sink(lambda summary, details: seen.append(f"{summary}\n{details}"))
    yield seen
    errors.set_sink(None)
