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
