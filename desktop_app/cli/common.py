"""Helpers shared by the command modules: errors, output, global options, form lookup."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Any

from desktop_app.errors import DeskError, Refused

if TYPE_CHECKING:
    from desktop_app.answers import AnswersFile
    from desktop_app.forms import FormDefinition


class CliError(Refused):
    """Bad input on the command line: printed as one line, exit code `code`."""

    def __init__(self, message: str, message_en: str | None = None, *, code: int = 2) -> None:
        """`message` in Korean with `message_en` beside it; one text alone stands for both."""
        super().__init__(message, message_en)
        self.code = code


def exit_code(exc: DeskError) -> int:
    """The one mapping of errors to the exit-code contract: 1 when the checked thing has
    blocking problems (a status or a final PDF refused while errors remain), else 2 (bad input,
    an environment fault, or a bug — each with its one-line reason)."""
    from desktop_app.service import Blocked, FinalRefused  # late: keeps start-up light

    if isinstance(exc, CliError):
        return exc.code
    return 1 if isinstance(exc, Blocked | FinalRefused) else 2


def both(ko: str, en: str) -> str:
    """A line for the terminal in both languages, as errors are printed."""
    return f"{ko} ({en})"


def not_exported(count: int) -> str:
    return both(f"내보내지 않았습니다: 오류 {count}건이 남아 있습니다. 고치거나 --final 없이 초안으로 내보내세요",
                f"not exported: {count} error(s) remain; fix them or export without --final for a DRAFT")


def fail(message: str) -> None:
    print(f"voucher-desk: {message}", file=sys.stderr)


def warn(message: str) -> None:
    print(f"voucher-desk: warning: {message}", file=sys.stderr)


def warn_if_closed(form: Any, today: Any = None, count: int | None = None) -> None:
    """Say so when the call of `form` has closed on `today` (the start of that day in Korea;
    now without it): a check that passes is no submission the agency still takes."""
    import datetime as dt

    from desktop_app.forms.calls import KST, call_state

    now = dt.datetime.combine(today, dt.time(), KST) if today else None
    state = call_state(form, now)
    if state.closed:
        ko, en = state.notice("ko"), state.notice("en")
        lead = f"{count}건: " if count else ""
        lead_en = f"{count} application(s): " if count else ""
        warn(f"{form.key}: {lead}{ko} ({lead_en}{en})")


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def warn_limits(form: FormDefinition, files: list[Any], lang: str = "ko") -> int:
    """Every submission limit of the edition the written files break, one warning each."""
    from pathlib import Path

    from desktop_app.submission import breaches_of as submission_breaches  # no façade: cold start

    count = 0
    for f in files:
        path = Path(f)
        breaches = submission_breaches(form, [path])
        if any(b.code == "size" for b in breaches) and path.suffix.lower() == ".pdf" and _has_images(path):
            breaches = submission_breaches(form, [path], has_images=True)  # the fix is re-compression
        for breach in breaches:
            warn(breach.message(lang))
            count += 1
    return count


def _has_images(pdf: Any) -> bool:
    """Whether a PDF holds raster images (scans, photos) that re-compression could shrink."""
    try:
        from pypdf import PdfReader

        return any(page.images for page in PdfReader(pdf).pages)
    except Exception:  # an unreadable PDF is the renderer's problem, not this hint's
        return False


def add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-dir", metavar="DIR",
                        help="keep all data under DIR (also VOUCHER_DESK_HOME)")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation in a fresh temporary folder; exit 0 when all is well")


def add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("ko", "en"), default="ko",
                        help="language of messages and output (default: ko)")


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def is_path(spec: str) -> bool:
    return spec.endswith((".yaml", ".yml")) or "/" in spec or "\\" in spec


def load_form(spec: str) -> FormDefinition:
    """FORM as the contract says: ID, ID@EDITION or a path; problems become one CliError."""
    from desktop_app.forms import FormDefinitionError, FormNotFound, find_form

    try:
        return find_form(spec)
    except FormNotFound as exc:
        raise CliError(str(exc)) from None
    except FormDefinitionError as exc:
        first = exc.problems[0] if exc.problems else exc
        more = f" (and {len(exc.problems) - 1} more; run 'voucher-desk forms check')" \
            if len(exc.problems) > 1 else ""
        raise CliError(f"form definition has problems: {first}{more}") from None


def load_answers(path: str, form: FormDefinition) -> AnswersFile:
    """Read an answers file and make sure it belongs to `form`."""
    from desktop_app.answers import AnswersFileError, read_answers

    try:
        answers = read_answers(path)
    except AnswersFileError as exc:
        raise CliError(str(exc)) from None
    form_id, _, edition = answers.form.partition("@")
    if form_id != form.id:
        raise CliError(f"{path}: form: 이 답변은 {answers.form}의 것입니다. {form.key}가 아닙니다",
                       f"{path}: form: the answers are for {answers.form!r}, not {form.key!r}")
    if edition and edition != form.edition:
        raise CliError(f"{path}: form: 이 답변은 {edition}년판의 것이고 양식은 {form.key}입니다. "
                       "먼저 새 판으로 올리세요(apps upgrade)",
                       f"{path}: form: the answers are for edition {edition!r}, this form is "
                       f"{form.key!r}; upgrade the draft to the new edition first")
    try:  # before anything reads a file it names: no absolute path, no climbing, no link out
        answers.check_paths({f.id for f in form.fields.values() if f.kind.holds_file})
    except AnswersFileError as exc:
        raise CliError(str(exc)) from None
    for key in answers.unknown_keys:
        warn(both(f"{path}: {key}: 알 수 없는 최상위 키입니다(남겨 두지만 쓰지 않습니다)",
                  f"{path}: {key}: unknown top-level key (kept, not used)"))
    return answers
