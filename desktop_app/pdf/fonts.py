"""Register the bundled Korean TrueType font (NanumGothic, OFL) with reportlab, once per process.

reportlab's built-in CID fonts are not embedded, and its Helvetica default sneaks into a PDF
unless the canvas base font is replaced too (PITFALLS.md); both are handled here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app import paths
from desktop_app.pdf.errors import PdfError

REGULAR = "NanumGothic"
BOLD = "NanumGothicBold"
FILES = {REGULAR: "NanumGothic.ttf", BOLD: "NanumGothicBold.ttf"}


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.regular, self.bold)


_lock = threading.Lock()
_registered: FontSet | None = None


def font_files(directory: Path | None = None) -> dict[str, Path]:
    """The bundled font files by face name; PdfError naming the set-up when one is missing."""
    root = directory or paths.fonts_dir()
    found: dict[str, Path] = {}
    for name, file in FILES.items():
        path = root / file
        if not path.is_file() or path.stat().st_size == 0:
            raise PdfError(
                f"한국어 글꼴 파일이 없습니다: {path}. 설치 스크립트(scripts/setup.sh)를 실행하세요. / "
                f"The Korean font is missing: {path}. Run the set-up (scripts/setup.sh)."
            )
        found[name] = path
    return found


def _face_cache(path: Path) -> Path:
    import hashlib

    from reportlab import Version

    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
    return paths.cache_dir() / "fonts" / f"{path.stem}-{digest}-rl{Version}.pickle"


def _load_font(name: str, path: Path) -> Any:
    """A TTFont whose parsed tables come from a cache when they can (parsing the 4.6 MB Nanum
    files costs ~0.1 s each, a third of a command-line render); any doubt means parsing again."""
    import pickle
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace, unShapedFontGlob

    cache = _face_cache(path)
    face: Any = None
    try:
        state = pickle.loads(cache.read_bytes())
        face = TTFontFace.__new__(TTFontFace)
        face.__dict__.update(state)
        scale = 1000 / face.unitsPerEm
        face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * scale)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, KeyError, TypeError, ZeroDivisionError):
        face = None
    if face is None:
        font = TTFont(name, str(path))
        try:
            state = {k: v for k, v in font.face.__dict__.items() if k != "_pdfScale"}
            from desktop_app.atomic import write_private

            write_private(cache, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass
        return font
    font = TTFont.__new__(TTFont)  # TTFont.__init__ without the parse (reportlab 5.1)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in unShapedFontGlob)
    return font


def register_fonts() -> FontSet:
    """Register regular + bold as one family and make it reportlab's default; idempotent."""
    global _registered
    with _lock:
        if _registered is not None:
            return _registered
        from reportlab import rl_config
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError

        for name, path in font_files().items():
            try:
                pdfmetrics.registerFont(_load_font(name, path))
            except (TTFError, OSError) as exc:
                raise PdfError(
                    f"한국어 글꼴 파일을 읽을 수 없습니다: {path} ({exc}). 설치 스크립트(scripts/setup.sh)를 "
                    f"다시 실행하세요. / The Korean font cannot be read: {path} ({exc}). "
                    "Run the set-up (scripts/setup.sh) again."
                ) from exc
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                      boldItalic=BOLD)
        rl_config.canvas_basefontname = REGULAR
        from reportlab.graphics import shapes  # charts start from these defaults

        shapes.STATE_DEFAULTS["fontName"] = REGULAR
        _registered = FontSet(REGULAR, BOLD)
        return _registered
