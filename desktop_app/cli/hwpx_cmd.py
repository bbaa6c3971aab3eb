"""`hwpx FORM ANSWERS.json -o OUT.hwpx` and `apps hwpx APP -o OUT.hwpx`: the agency's 서식 filled.

Exit 0 when written (a DRAFT while errors remain), 1 when `--final` is refused because errors
remain, 2 on bad input (no template, a refused template, an unwritable file). Overflowing cells,
an exceeded page limit and broken submission limits are warnings on stderr: the file is written,
the user is told what to fix.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli import common

if TYPE_CHECKING:
    from desktop_app.service import Desk
    from desktop_app.service.export import HwpxInfo, PdfJob


def _options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", required=True, metavar="OUT.hwpx")
    p.add_argument("--final", action="store_true",
                   help="refuse (exit 1) while errors remain instead of writing a DRAFT")
    p.add_argument("--template", metavar="ID", help="which of the edition's templates (default: the first)")
    p.add_argument("--today", type=common.parse_date, metavar="YYYY-MM-DD")
    common.add_lang(p)


def register(sub: Any) -> None:
    p = sub.add_parser("hwpx", help="fill the agency's own form (HWPX) with an answers file")
    p.add_argument("form", metavar="FORM", help="ID, ID@EDITION or a path to a YAML file")
    p.add_argument("answers", metavar="ANSWERS.json")
    _options(p)
    p.set_defaults(func=hwpx)


def register_apps(asub: Any) -> None:
    from desktop_app.cli.storage_cmd import with_desk

    p = asub.add_parser("hwpx", help="the agency's own form (HWPX) of an application, filled")
    p.add_argument("app", type=int, metavar="APP")
    _options(p)
    p.set_defaults(func=with_desk(apps_hwpx))


def _output(ns: argparse.Namespace) -> Path:
    out = Path(ns.output)
    if out.is_dir():
        raise common.CliError(f"{out}: 폴더입니다. 파일 이름을 주세요. 예) {out / 'application.hwpx'}",
                              f"{out}: is a directory; give a file name such as {out / 'application.hwpx'}")
    return out


def _refused(job: PdfJob, lang: str) -> int:
    for issue in job.result.errors:
        common.fail(f"{issue.path}: {issue.message(lang)}")
    common.fail(common.not_exported(len(job.result.errors)))
    return 1


def _write(job: PdfJob, ns: argparse.Namespace) -> HwpxInfo:
    from desktop_app.hwpx.errors import TemplateRefused
    from desktop_app.service import export

    try:
        return export.render_hwpx(job, _output(ns), lang=ns.lang, final=True if ns.final else None,
                                  template=ns.template, today=ns.today)
    except TemplateRefused as exc:
        raise common.CliError(f"HWPX not written: {exc.message(ns.lang)}") from None
    except OSError as exc:
        raise common.CliError(f"{exc.filename or ns.output}: cannot write: {exc.strerror}") from None


def _report(info: HwpxInfo, ns: argparse.Namespace, extra: str = "") -> None:
    produced = info.produced
    for issue in produced.issues(produced.form):
        common.warn(f"{issue.path or '-'}: {issue.message(ns.lang)}")
    for breach in info.breaches:
        common.warn(breach.message(ns.lang))
    limit = f" of {produced.page_limit}" if produced.page_limit else ""
    rows = ", ".join(f"{k} {v} row(s)" for k, v in produced.outcome.rows.items())
    seal = "; seal embedded" if produced.outcome.images else ""
    state = "DRAFT (errors remain)" if info.draft else "final"
    print(f"{info.path}: about {info.pages} page(s), work plan {produced.plan_pages}{limit}; "
          f"{rows}{seal}; {state}{extra}")


def hwpx(ns: argparse.Namespace) -> int:
    from desktop_app.cli.validate_cmd import _applicant, check
    from desktop_app.pdf.attachments import FileRef
    from desktop_app.service.export import PdfJob

    form, answers, result = check(ns)
    files: dict[str, list[FileRef]] = {k: list(v) for k, v in answers.attachments.items()}
    job = PdfJob(0, form, result, _applicant(form, result.values), files, answers.base_dir)
    if ns.final and result.blocking:
        return _refused(job, ns.lang)
    info = _write(job, ns)
    try:
        info.commit()
    except OSError as exc:
        raise common.CliError(f"{ns.output}: cannot write: {exc.strerror}") from None
    _report(info, ns)
    return 0


def apps_hwpx(desk: Desk, ns: argparse.Namespace) -> int:
    job = desk.exports.prepare(ns.app, today=ns.today)
    if ns.final and job.result.blocking:
        return _refused(job, ns.lang)
    info = _write(job, ns)
    status = desk.exports.record(ns.app, info, final=not info.draft, kind="hwpx", today=ns.today).status
    _report(info, ns, f"; application {ns.app} is {status}")
    return 0
