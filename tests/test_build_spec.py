"""Fast static checks of build.spec (no PyInstaller run; scripts/build.py builds and smoke-tests).

The spec's helper functions are loaded by executing its text up to the "# --- Build" line.
"""

from __future__ import annotations

import ast
import json
import re
import struct
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    pytest.importorskip("PyInstaller")
    text = SPEC.read_text(encoding="utf-8")
    head = text.split("# --- Build ---", 1)[0]
    namespace: dict[str, Any] = {"SPECPATH": str(ROOT), "__name__": "build_spec"}
    exec(compile(head, str(SPEC), "exec"), namespace)
    return namespace


@pytest.mark.parametrize(("dest", "dropped"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
    ("PySide6/Qt/plugins/platforms/qwindows.dll", False),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", False),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
    ("PySide6/Qt/plugins/platforms/libqminimal.so", True),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
    ("PySide6/Qt/plugins/imageformats/qjpeg.dll", False),
    ("PySide6/Qt/plugins/imageformats/libqgif.so", True),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", False),  # Korean IME
    ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", False),
    ("PySide6/Qt/plugins/styles/qmodernwindowsstyle.dll", False),
    ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", True),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", True),
    ("PySide6/Qt/lib/libQt6Core.so.6", False),
    ("PySide6/QtCore.abi3.so", False),
])
def test_qt_plugin_selection(spec: dict[str, Any], dest: str, dropped: bool) -> None:
    assert spec["is_dropped_plugin"](dest) is dropped


@pytest.mark.parametrize(("dest", "dropped"), [
    ("PySide6/Qt/translations/qtbase_ko.qm", False),
    ("PySide6/Qt/translations/qtbase_en.qm", False),
    ("PySide6/Qt/translations/qtbase_fr.qm", True),
    ("PySide6/Qt/translations/qt_zh_CN.qm", True),
    ("resources/translations/voucher-desk_ja.qm", False),  # ours are never filtered
])
def test_qt_translation_selection(spec: dict[str, Any], dest: str, dropped: bool) -> None:
    assert spec["is_dropped_translation"](dest) is dropped


def bundled(spec: dict[str, Any]) -> set[Path]:
    if not (ROOT / "resources" / "fonts" / "NanumGothic.ttf").is_file():
        pytest.skip("the Korean font is fetched by scripts/setup.sh")
    return {Path(src).resolve() for src, _ in spec["data_files"]()}


def test_data_files_keep_their_place_in_the_bundle(spec: dict[str, Any]) -> None:
    if not (ROOT / "resources" / "fonts" / "NanumGothic.ttf").is_file():
        pytest.skip("the Korean font is fetched by scripts/setup.sh")
    for src, folder in spec["data_files"]():
        assert Path(src).parent == ROOT / folder
        assert Path(src).suffix not in (".py", ".pyc", ".part")


def test_bundle_has_forms_font_licence_icons_and_samples(spec: dict[str, Any]) -> None:
    files = bundled(spec)
    for expected in ["resources/fonts/NanumGothic.ttf", "resources/fonts/NanumGothicBold.ttf",
                     "resources/fonts/OFL.txt", "resources/icons/voucher-desk.png"]:
        assert (ROOT / expected).resolve() in files, expected
    for pattern in ["forms/*.yaml", "forms/templates/*.hwpx", "tests/fixtures/answers/*.json"]:
        found = sorted(ROOT.glob(pattern))
        assert found and all(p.resolve() in files for p in found), pattern


def _relative_files(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [f for v in value.values() for f in _relative_files(v)]
    if isinstance(value, list):
        return [f for v in value for f in _relative_files(v)]
    if isinstance(value, str) and re.fullmatch(r"[^\n]+\.(pdf|png|jpe?g)", value, re.I):
        return [value]
    return []


def test_every_file_a_sample_refers_to_is_bundled(spec: dict[str, Any]) -> None:
    """--self-test renders every sample with its attachments and seal images, in the bundle too."""
    files = bundled(spec)
    for sample in sorted((ROOT / "tests" / "fixtures" / "answers").glob("*.json")):
        data = json.loads(sample.read_text(encoding="utf-8"))
        for name in _relative_files([data.get("answers"), data.get("attachments")]):
            path = (sample.parent / name).resolve()
            if path.is_file():
                assert path in files, f"{sample.name}: {name} is not bundled"


def _imported_modules(package: str) -> set[str]:
    names: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_excluded_module_is_used_by_the_app(spec: dict[str, Any]) -> None:
    """Using e.g. PySide6.QtSvg in ui/ needs build.spec's EXCLUDED_MODULES updated too."""
    used = _imported_modules("desktop_app") | _imported_modules("ui")
    for excluded in spec["EXCLUDED_MODULES"]:
        clash = sorted(n for n in used if n == excluded or n.startswith(excluded + "."))
        assert not clash, f"{clash} imported but excluded from the frozen app in build.spec"


def test_utf8_mode_and_version(spec: dict[str, Any]) -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert '("X utf8", None, "OPTION")' in text  # "X utf8_mode=1" is silently ignored (PITFALLS.md)
    from desktop_app import __version__

    assert spec["app_version"]() == __version__
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{__version__}"' in pyproject
    assert spec["windows_version_info"]() is None or spec["IS_WINDOWS"]


def test_icons_are_valid_containers() -> None:
    icons = ROOT / "resources" / "icons"
    png = (icons / "voucher-desk.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    ico = (icons / "voucher-desk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    icns = (icons / "voucher-desk.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
