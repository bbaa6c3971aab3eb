"""The suite never writes into the user's real folders (issue 12): every platform folder the app
would use resolves under the session's temporary tree."""

from __future__ import annotations

from pathlib import Path

from desktop_app import paths


def test_default_folders_are_inside_the_session_tree(_no_real_user_folders: Path) -> None:
    for folder in (paths.data_dir(), paths.cache_dir(), paths.config_dir()):
        assert folder.is_relative_to(_no_real_user_folders), folder


def test_base_dir_fixture_moves_them_again(base_dir: Path) -> None:
    assert paths.cache_dir().is_relative_to(base_dir)
    assert paths.data_dir().is_relative_to(base_dir)
