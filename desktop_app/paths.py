"""The one module that owns every path. `--base-dir` / VOUCHER_DESK_HOME moves all user data.

Nothing here touches the disk at import time; directories are created on first use.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "voucher-desk"
_base_override: Path | None = None


def set_base_dir(path: str | os.PathLike[str] | None) -> None:
    global _base_override
    _base_override = Path(path).expanduser().resolve() if path else None


def resource_root() -> Path:
    """Where forms/ and resources/ live: the bundle when frozen, the checkout otherwise."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    return resource_root() / "forms"


def samples_dir() -> Path:
    """Complete sample answers (tests/fixtures/answers); bundled for --self-test."""
    return resource_root() / "tests" / "fixtures" / "answers"


def fonts_dir() -> Path:
    return resource_root() / "resources" / "fonts"


def base_dir() -> Path | None:
    if _base_override is not None:
        return _base_override
    env = os.environ.get("VOUCHER_DESK_HOME")
    return Path(env).expanduser().resolve() if env else None


def data_dir() -> Path:
    base = base_dir()
    if base is not None:
        path = base / "data"
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Things that can be rebuilt at any time (parsed form definitions)."""
    base = base_dir()
    if base is not None:
        path = base / "cache"
    else:
        import platformdirs

        path = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    base = base_dir()
    if base is not None:
        path = base / "config"
    else:
        import platformdirs

        path = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
