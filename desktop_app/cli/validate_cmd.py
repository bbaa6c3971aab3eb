"""`validate FORM ANSWERS.json` and `pdf FORM ANSWERS.json -o OUT.pdf`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from desktop_app.cli import common

if TYPE_CHECKING:
    from desktop_app.answers import AnswersFile
    from desktop_app.forms import FormDefinition
    from desktop_app.validation import ValidationResult


def register(sub: Any) -> None:
    p = sub.add_parser("validate", help="check an answers file against a form")
    p.add_argument("form", metavar="FORM", help="ID, ID@EDITION or a path to a YAML file")
    p.add_argument("answers", metavar="ANSWERS.json")
    p.add_argument("--json", action="store_true", help="issues as a JSON list")
    p.add_argument("--today", type=common.parse_date, metavar="YYYY-MM-DD",
                   help="the date 'today' means in rules (default: the real date)")
    common.add_lang(p)
    p.set_defaults(func=validate)

    p = sub.add_parser("pdf", help="render the submission PDF of an answers file")
    p.add_argument("form", metavar="FORM", help="ID, ID@EDITION or a path to a YAML file")
    p.add_argument("answers", metavar="ANSWERS.json")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    p.add_argument("--final", action="store_true",
                   help="refuse (exit 1) while errors remain instead of writing a DRAFT")
    p.add_argument("--today", type=common.parse_date, metavar="YYYY-MM-DD")
    p.add_argument("--no-attachments", action="store_true",
                   help="the form and its checklist only, without the attached files appended")
    p.add_argument("--split-attachments", metavar="DIR",
                   help="also copy each attachment into DIR under an agency-safe name")
    p.add_argument("--proof", metavar="FILE",
                   help="write the proof report (answers and pages, fonts, what was shortened or "
                        "moved): PDF if FILE ends in .pdf, else Markdown text")
    common.add_lang(p)
    p.set_defaults(func=pdf)


def check(ns: argparse.Namespace) -> tuple[FormDefinition, AnswersFile, ValidationResult]:
    from desktop_app.validation import validate as run_validation

    form = common.load_form(ns.form)
    answers = common.load_answers(ns.answers, form)
    result = run_validation(form, answers.answers, attachments=answers.attachment_files(),
                            today=ns.today or dt.date.today(), file_exists=answers.file_exists)
    return form, answers, result


def validate(ns: argparse.Namespace) -> int:
    form, _, result = check(ns)
    common.warn_if_closed(form, ns.today)
    if ns.json:
        common.print_json([
            {"path": i.path, "code": i.code, "severity": i.severity, "message": i.message(ns.lang)}
            for i in result.issues
        ])
    else:
        for i in result.issues:
            print(f"{i.severity:<7} {i.path or '-'}: {i.message(ns.lang)}")
        errors = len(result.errors)
        others = len(result.issues) - errors
        verdict = "blocking" if result.blocking else "ok"
        print(f"{verdict}: {errors} error(s), {others} warning(s)/note(s), "
              f"{result.percent}% complete")
    return 1 if result.blocking else 0


def pdf(ns: argparse.Namespace) -> int:
    from desktop_app.atomic import stage_with
    from desktop_app.pdf import PdfError, RenderInfo, render_pdf
    from desktop_app.pdf.attachments import export_files
    from desktop_app.pdf.proof import write_proof

    form, answers, result = check(ns)
    if ns.final and result.blocking:
        for i in result.errors:
            common.fail(f"{i.path}: {i.message(ns.lang)}")
        common.fail(common.not_exported(len(result.errors)))
        return 1
    out = Path(ns.output)
    if out.is_dir():
        raise common.CliError(f"{out}: 폴더입니다. 파일 이름을 주세요. 예) {out / 'application.pdf'}",
                              f"{out}: is a directory; give a file name such as {out / 'application.pdf'}")
    applicant = _applicant(form, result.values)
    rendered: list[RenderInfo] = []

    def fill(fh: BinaryIO) -> None:
        rendered.append(render_pdf(form, result, fh, lang=ns.lang, applicant=applicant,
                                   attachments=answers.attachments, base_dir=answers.base_dir,
                                   include_attachments=not ns.no_attachments,
                                   proof=bool(ns.proof)))

    try:
        stage_with(out, fill).commit()
        info = rendered[0]
        if ns.proof and info.proof is not None:
            write_proof(info.proof, ns.proof)
        copied = []
        if ns.split_attachments:
            copied = export_files(info.attachments, Path(ns.split_attachments), ns.lang)
    except PdfError as exc:
        raise common.CliError(f"PDF not written: {exc}") from None
    except OSError as exc:
        raise common.CliError(f"{exc.filename or out}: cannot write: {exc.strerror}") from None
    state = "DRAFT (errors remain)" if info.draft else "final"
    extra = f", {info.attachment_pages} of them attached" if info.attachment_pages else ""
    print(f"{out}: {info.pages} page(s){extra}, {state}")
    common.warn_limits(form, [out, *copied], ns.lang)
    if ns.proof:
        print(f"{ns.proof}: proof report")
    for path in copied:
        print(f"{path}")
    return 0


def _applicant(form: FormDefinition, values: dict[str, Any]) -> str | None:
    """The applicant's name is whatever field the form binds to the profile's company name."""
    for f in form.fields.values():
        if f.profile == "company.name" and isinstance(values.get(f.id), str):
            return str(values[f.id])
    return None
