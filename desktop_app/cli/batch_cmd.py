"""`apps pdf --all|--client ID|--status S|--form F -o DIR` and `apps validate` over the same
selections: one process, a progress bar on a terminal, a summary table, `--report FILE.csv|.json`.

Exit codes (docs/architecture.md contract): 0 every application passed (a DRAFT PDF of an application
with errors counts as written), 1 an application has errors (validate, or pdf --final) or a
PDF could not be written, 2 bad input or an environment fault.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli import common

if TYPE_CHECKING:
    from desktop_app.service import Desk
    from desktop_app.service.batch import Selection, Summary

STATUSES = ("draft", "ready", "exported", "submitted", "archived")
VERDICTS = {"ok": "ok", "draft": "DRAFT", "errors": "ERRORS", "failed": "FAILED"}


def add_selection(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("selection (instead of APP)")
    g.add_argument("--all", dest="every", action="store_true", help="every application (not archived)")
    g.add_argument("--client", type=int, metavar="ID", help="the applications of this client")
    g.add_argument("--status", choices=STATUSES, help="the applications in this status")
    g.add_argument("--form", metavar="F", help="the applications of a form: ID or ID@EDITION")
    p.add_argument("--report", metavar="FILE", help="write the outcome per application (.csv or .json)")
    p.add_argument("--today", type=common.parse_date, metavar="YYYY-MM-DD")
    common.add_lang(p)


def add_jobs(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--jobs", type=int, choices=range(1, 65), metavar="N",
                   help=f"with a selection: {what} in N processes (default: the cores, when it pays)")


def register_validate(asub: Any) -> None:
    p = asub.add_parser("validate", help="check applications (one, or a selection); exit 1 if any has errors")
    p.add_argument("app", type=int, metavar="APP", nargs="?")
    add_jobs(p, "check")
    add_selection(p)
    p.set_defaults(func=apps_validate)


def selection(ns: argparse.Namespace) -> Selection:
    from desktop_app.service.batch import Selection

    chosen = Selection(everything=ns.every, client_id=ns.client, status=ns.status, form=ns.form,
                       ids=(ns.app,) if ns.app is not None else ())
    if ns.app is not None and (ns.every or ns.client is not None or ns.status or ns.form):
        raise common.CliError("APP와 선택(--all, --client, --status, --form) 중 하나만 주세요",
                              "give either APP or a selection (--all, --client, --status, --form)")
    if chosen.empty:
        raise common.CliError("APP 또는 선택을 주세요: --all, --client ID, --status S, --form F",
                              "give APP or a selection: --all, --client ID, --status S or --form F")
    return chosen


class Bar:
    """`[#####.....] 45/100` on stderr, redrawn in place — only when stderr is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.on = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.on or (done < total and now - self.last < 0.1):
            return
        self.last = now
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def print_summary(summary: Summary, *, limit: int = 50, lang: str = "ko") -> None:
    """One line per application (the first `limit` that did not pass, then the rest counted),
    and the totals — in English first, as scripts read them, then in Korean unless `--lang en`."""
    shown = sorted(summary.outcomes, key=lambda o: (o.verdict == "ok", o.app_id))
    for o in shown[:limit]:
        detail = o.file or o.first_error
        print(f"{o.app_id:>6}  {VERDICTS[o.verdict]:<6}  {o.percent:>3}%  {o.errors:>3} error(s)  "
              f"{o.title[:40]:<40}  {detail}")
    if len(shown) > limit:
        print(f"… {len(shown) - limit:,} more (see --report)")
    korean = (f" — 신청서 {len(summary.outcomes):,}건: 통과 {summary.count('ok'):,}, "
              f"초안 {summary.count('draft'):,}, 오류 있음 {summary.count('errors'):,}, "
              f"실패 {summary.count('failed'):,}" + (", 중단됨" if summary.cancelled else "")
              if lang == "ko" else "")
    print(f"{len(summary.outcomes):,} application(s): {summary.count('ok'):,} ok, "
          f"{summary.count('draft'):,} draft, {summary.count('errors'):,} with errors, "
          f"{summary.count('failed'):,} failed" + (" — cancelled" if summary.cancelled else "") + korean)


def finish(summary: Summary, ns: argparse.Namespace) -> int:
    from desktop_app.service.batch import write_report

    print_summary(summary, lang=getattr(ns, "lang", "ko"))
    if ns.report:
        try:
            write_report(summary, Path(ns.report))
        except OSError as exc:
            raise common.CliError(f"{ns.report}: cannot write the report: {exc.strerror}") from None
        print(f"report: {ns.report}")
    return 1 if summary.failed or summary.cancelled else 0


def _check_report(ns: argparse.Namespace) -> None:
    if ns.report and Path(ns.report).suffix.lower() not in (".csv", ".json"):
        raise common.CliError(f"{ns.report}: the report must be .csv or .json")


def apps_validate(ns: argparse.Namespace) -> int:
    from desktop_app.cli.storage_cmd import opened
    from desktop_app.forms import FormDefinitionError, FormNotFound
    from desktop_app.service import batch

    chosen = selection(ns)
    _check_report(ns)
    with opened() as desk:
        ids = batch.select(desk, chosen)
        summary = batch.validate_many(desk, ids, today=ns.today, lang=ns.lang, workers=ns.jobs,
                                      progress=Bar("점검 / checking"))
        by_form = Counter(o.form for o in summary.outcomes)
        for key in sorted(by_form):
            try:
                common.warn_if_closed(desk.find_form(key), ns.today, by_form[key])
            except (FormNotFound, FormDefinitionError):
                continue  # the outcome says so already
        if ns.app is not None and summary.outcomes and summary.outcomes[0].verdict != "failed":
            # one application: every issue, as `validate` prints them (the summary names the first only)
            for issue in desk.apps.check(ns.app, today=ns.today).issues:
                print(f"{issue.severity:<7} {issue.path or '-'}: {issue.message(ns.lang)}")
    return finish(summary, ns)


def apps_pdf_batch(desk: Desk, ns: argparse.Namespace) -> int:
    from desktop_app.service import batch

    chosen = selection(ns)
    _check_report(ns)
    out = Path(ns.output)
    if out.exists() and not out.is_dir():
        raise common.CliError(f"{out}: 폴더가 아닙니다. 여러 건은 폴더로 내보냅니다(-o 폴더)",
                              f"{out}: not a folder; give a folder for a selection (-o DIR)")
    ids = batch.select(desk, chosen)
    try:
        summary = batch.pdf_many(desk, ids, out, lang=ns.lang, final=ns.final, today=ns.today,
                                 workers=ns.jobs, progress=Bar("PDF"))
    except OSError as exc:
        raise common.CliError(f"{out}: {exc.strerror}") from None
    return finish(summary, ns)


def register_export(asub: Any) -> None:
    p = asub.add_parser("export", help="the application list (status, completion, errors, deadline) "
                                       "to FILE.csv or FILE.xlsx")
    p.add_argument("-o", "--output", required=True, metavar="FILE.csv|FILE.xlsx")
    g = p.add_argument_group("selection (default: every application, archived too)")
    g.add_argument("--client", type=int, metavar="ID")
    g.add_argument("--status", choices=STATUSES)
    g.add_argument("--form", metavar="F", help="ID or ID@EDITION")
    p.add_argument("--today", type=common.parse_date, metavar="YYYY-MM-DD")
    add_jobs(p, "check what the cache does not hold")
    p.set_defaults(func=apps_export)


def register_clients_export(csub: Any) -> None:
    p = csub.add_parser("export", help="the client list to FILE.csv or FILE.xlsx")
    p.add_argument("-o", "--output", required=True, metavar="FILE.csv|FILE.xlsx")
    p.set_defaults(func=clients_export)


def _export_target(ns: argparse.Namespace) -> Path:
    out = Path(ns.output)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise common.CliError(f"{out}: .csv 또는 .xlsx 파일 이름을 주세요", f"{out}: give a .csv or .xlsx file")
    return out


def _write(table: Any, out: Path) -> int:
    from desktop_app.service import book

    try:
        book.write(table, out)
    except OSError as exc:
        raise common.CliError(f"{out}: cannot write: {exc.strerror}") from None
    if table.note:
        common.warn(table.note)
    print(f"{out}: {len(table.rows):,} row(s)")
    return 0


def apps_export(ns: argparse.Namespace) -> int:
    from desktop_app.cli.storage_cmd import opened
    from desktop_app.service import book
    from desktop_app.service.batch import Selection

    out = _export_target(ns)
    chosen = Selection(client_id=ns.client, status=ns.status, form=ns.form)
    with opened() as desk:
        table = book.applications(desk, chosen, today=ns.today, workers=ns.jobs)
    return _write(table, out)


def clients_export(ns: argparse.Namespace) -> int:
    from desktop_app.cli.storage_cmd import opened
    from desktop_app.service import book

    out = _export_target(ns)
    with opened() as desk:
        table = book.clients(desk)
    return _write(table, out)


def register_deadlines(asub: Any) -> None:
    p = asub.add_parser("deadlines", help="open applications due within 7/14/30 days, what blocks each, "
                                          "and the submit-by date; --ics for a calendar")
    p.add_argument("--within", type=int, default=30, metavar="DAYS", help="days ahead (default 30)")
    p.add_argument("--today", type=common.parse_date, metavar="YYYY-MM-DD")
    p.add_argument("--ics", metavar="FILE.ics", help="also write the deadlines as a calendar")
    p.add_argument("--json", action="store_true")
    common.add_lang(p)
    p.set_defaults(func=apps_deadlines)


def apps_deadlines(ns: argparse.Namespace) -> int:
    from desktop_app.cli.storage_cmd import opened
    from desktop_app.service import deadlines

    if ns.within < 0:
        raise common.CliError("--within: give 0 or more days")
    with opened() as desk:
        items = deadlines.due(desk, today=ns.today, within=ns.within, lang=ns.lang)
        past = deadlines.past_due(desk, today=ns.today)
    if ns.ics:
        try:
            deadlines.write_ics(items, Path(ns.ics))
        except OSError as exc:
            raise common.CliError(f"{ns.ics}: cannot write: {exc.strerror}") from None
    if ns.json:
        common.print_json([{"id": d.app_id, "title": d.title, "client": d.client, "form": d.form,
                            "status": d.status, "deadline": d.deadline.isoformat(),
                            "days_left": d.days_left, "window": d.window,
                            "submit_by": d.target.isoformat(), "errors": d.error_count,
                            "first_errors": d.errors, "missing_attachments": d.missing_attachments,
                            "unsigned": d.unsigned} for d in items])
        return 0
    for d in items:
        blockers = [f"{d.error_count} error(s)"] if d.error_count else []
        blockers += [f"{len(d.missing_attachments)} attachment(s) missing"] if d.missing_attachments else []
        blockers += [f"unsigned: {', '.join(d.unsigned)}"] if d.unsigned else []
        print(f"D-{d.days_left:<3} {d.deadline:%Y-%m-%d %H:%M}  submit by {d.target}  #{d.app_id:<6} "
              f"{d.client or '-'}  {d.title}  {'; '.join(blockers) or 'ready'}")
    counts = {w: sum(1 for d in items if d.window == w) for w in deadlines.WINDOWS}
    print(f"{len(items)} due within {ns.within} days: " +
          ", ".join(f"{n} within {w}" for w, n in counts.items()) +
          f"; {sum(d.blocked for d in items)} still blocked" +
          (f" — {ns.within}일 안에 마감 {len(items)}건 (" +
           ", ".join(f"{w}일 안 {n}건" for w, n in counts.items()) +
           f"), 아직 막힌 것 {sum(d.blocked for d in items)}건" if ns.lang == "ko" else ""))
    if past:
        shown = ", ".join(f"#{i} ({d:%Y-%m-%d})" for i, _t, d in past[:10])
        more = f" 외 {len(past) - 10}건 / and {len(past) - 10} more" if len(past) > 10 else ""
        print(f"마감이 지난 진행 중 신청서 {len(past)}건 (open applications whose call has closed: "
              f"{len(past)}): {shown}{more}")
    if ns.ics:
        print(f"calendar: {ns.ics}")
    return 0


def register_clients_import(csub: Any) -> None:
    p = csub.add_parser("import", help="add clients from FILE.csv or FILE.xlsx (all or nothing); "
                                       "--dry-run shows the column mapping and every problem")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="only show what would be added")
    p.add_argument("--header-row", type=int, default=1, metavar="N",
                   help="the line (XLSX row) holding the column names, when a title sits above them")
    p.add_argument("--skip-existing", action="store_true",
                   help="leave out the firms already in the book (same BRN, or name and 대표자) "
                        "instead of refusing the file")
    p.add_argument("--map", action="append", default=[], metavar="HEADER=KEY",
                   help="which profile key a column holds, e.g. '상호명=company.name' (repeatable)")
    p.set_defaults(func=clients_import)


def clients_import(ns: argparse.Namespace) -> int:
    from desktop_app.cli.storage_cmd import opened
    from desktop_app.service import client_import

    mapping = {}
    for item in ns.map:
        header, sep, key = item.partition("=")
        if not sep or not header.strip() or not key.strip():
            raise common.CliError(f"--map {item!r}: expected HEADER=KEY, e.g. 상호명=company.name")
        mapping[header.strip()] = key.strip()
    with opened() as desk:
        plan = client_import.preview(desk, Path(ns.file), mapping, skip_existing=ns.skip_existing,
                                     header_row=ns.header_row)
        if plan.encoding != "utf-8":
            print(f"인코딩: {plan.encoding.upper()} (엑셀의 한글 CSV) / encoding: {plan.encoding.upper()} "
                  "(Korean Excel's CSV)")
        print("columns: " + ", ".join(f"{h} → {k}" for h, k in plan.mapping.items()))
        if plan.ignored:
            print("not imported: " + ", ".join(plan.ignored))
        for row in plan.rows:
            mark = "PROBLEM" if row.problems else "skipped" if row.skipped else "ok"
            print(f"  line {row.line:>5}  {mark:<7}  {row.values.get('company.name', '')}  "
                  f"{row.values.get('company.brn', '')}  {row.values.get('company.representative', '')}"
                  + (f"  ({row.skipped})" if row.skipped and not row.problems else ""))
        for problem in plan.problems:
            common.fail(problem)
        bad = sum(1 for r in plan.rows if r.problems)
        skipped = sum(1 for r in plan.rows if r.skipped and not r.problems)
        print(f"{len(plan.rows):,} row(s): {len(plan.rows) - bad - skipped:,} ready, {bad:,} with problems"
              + (f", {skipped:,} already in the book (skipped)" if skipped else ""))
        if plan.problems:
            print("nothing imported: fix the file (or --map the columns) and run it again")
            return 1
        if ns.dry_run:
            print("dry run: nothing written; run without --dry-run to add them")
            return 0
        ids = client_import.apply(desk, plan)
    print(f"imported {len(ids):,} client(s): #{ids[0]}–#{ids[-1]}" if ids else "nothing to import")
    return 0
