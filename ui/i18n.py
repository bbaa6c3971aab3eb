"""Korean first, English on request: every visible string goes through `t(ko, en)`."""

from __future__ import annotations

_lang = "ko"


def set_language(lang: str) -> None:
    global _lang
    _lang = "en" if lang == "en" else "ko"


def language() -> str:
    return _lang


def t(ko: str, en: str) -> str:
    return en if _lang == "en" else ko


def count(n: int, one: str, many: str = "") -> str:
    """English "1 error", "2 errors" (the tester saw "1 errors"); Korean needs no plural."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
