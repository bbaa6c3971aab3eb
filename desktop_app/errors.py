"""The one root of every error Voucher Desk raises on purpose, and the few kinds that the window
and the command line treat differently.

- `EnvironmentFault`: the user's machine talking (database busy, read-only folder, full disk, no
  keyring, a font or file that cannot be read). Not the user's mistake and not a bug: say what
  happened and what to do; nothing was lost.
- `Refused`: bad input turned away (a malformed answers file, a wrong file type, a form
  definition with problems, a submitted application edited). Say what is wrong, located.
- `Bug`: something that should not happen; the window shows the details to copy and report.

Every error carries a Korean and an English message (`message(lang)`); str() is "Korean
(English)", or one of them when they are the same text. Each module keeps its own classes
(storage.errors, security.errors, exchange.errors, pdf.errors, forms …), re-parented here, so
callers catch `DeskError` once: the CLI maps it to an exit code (cli/common.exit_code), the
window to a dialog (ui/errors.describe).
"""

from __future__ import annotations

from typing import ClassVar, Literal

Kind = Literal["environment", "refused", "bug"]


class DeskError(Exception):
    """Root of Voucher Desk's errors: a Korean and an English message and a `kind`."""

    kind: ClassVar[Kind] = "bug"
    message_ko: str = "오류가 발생했습니다"
    message_en: str = "an error occurred"

    def __init__(self, message_ko: str | None = None, message_en: str | None = None) -> None:
        if message_ko is not None:
            self.message_ko = message_ko
            # one text given: it stands for both languages rather than pairing with a generic one
            self.message_en = message_en if message_en is not None else message_ko
        elif message_en is not None:
            self.message_en = self.message_ko = message_en
        text = self.message_ko if self.message_ko == self.message_en else f"{self.message_ko} ({self.message_en})"
        super().__init__(text)

    def message(self, lang: str = "ko") -> str:
        return self.message_en if lang == "en" else self.message_ko


class EnvironmentFault(DeskError):
    """The machine, not the program nor the user's input: shown with what to do next."""

    kind: ClassVar[Kind] = "environment"


class Refused(DeskError):
    """Input the program turns away, with a message that says what is wrong and where."""

    kind: ClassVar[Kind] = "refused"


class Bug(DeskError):
    """Something that should never happen: reported with its details."""

    kind: ClassVar[Kind] = "bug"


def kind_of(exc: BaseException) -> Kind:
    """How to treat any exception: raw OS errors are the environment's, the rest are bugs."""
    if isinstance(exc, DeskError):
        return exc.kind
    if isinstance(exc, OSError):
        return "environment"
    return "bug"
