"""Shared fixtures. Qt must run offscreen before any QApplication exists (PITFALLS.md)."""

from __future__ import annotations

import os
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
