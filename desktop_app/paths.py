"""The one module that owns every path. `--base-dir` / VOUCHER_DESK_HOME moves all user data.

Nothing here touches the disk at import time; directories are created on first use.
"""

from __future__ import annotations

import contextlib
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


def _user_dir(kind: str) -> Path:
    """`kind` under --base-dir / VOUCHER_DESK_HOME, else the platform's folder for it."""
    base = base_dir()
    if base is not None:
        path = base / kind
    else:
        import platformdirs

        finder = {"data": platformdirs.user_data_dir, "cache": platformdirs.user_cache_dir,
                  "config": platformdirs.user_config_dir}[kind]
        path = Path(finder(APP_NAME, appauthor=False))
    from desktop_app.atomic import DIR_MODE, make_dirs

    make_dirs(path, DIR_MODE)  # private: 0700 for every folder we create
    if os.name == "posix" and path.stat().st_mode & 0o077:
        with contextlib.suppress(OSError):
            path.chmod(DIR_MODE)  # an older install's 0755 folder, tightened
    return path


def data_dir() -> Path:
    """The database, its backups and the attachment files."""
    return _user_dir("data")


def cache_dir() -> Path:
    """Things that can be rebuilt at any time (parsed form definitions)."""
    return _user_dir("cache")


def config_dir() -> Path:
    """UI preferences."""
    return _user_dir("config")
