"""Why a template (or a fill) was refused: a stable `code` and a message in Korean and English."""

from __future__ import annotations

from desktop_app.storage.errors import Rejected


class TemplateRefused(Rejected):
    """Nothing was written: the template failed a check (see `code`)."""

    def __init__(self, code: str, message_ko: str, message_en: str) -> None:
        self.code = code
        super().__init__(message_ko, message_en)
