"""`apps list|new|show|set|status|history|diff|restore|undo|redo|snapshot|copy|upgrade|attach|detach|pdf`.

Registered by storage_cmd. REV is a revision number from `apps history`; `apps show --json`
prints an answers file (`{"form", "answers", …}`) that `validate` and `pdf` accept.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli import batch_cmd, common
from desktop_app.cli.storage_cmd import load_json_value, warn_all, with_desk

if TYPE_CHECKING:
    from desktop_app.service import Desk

STATUSES = ("draft", "ready", "exported", "submitted", "archived")
LIST_LIMIT = 10_000


def _positive(text: str) -> int:
    value = _not_negative(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _not_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def register(sub: Any) -> None:
    apps = sub.add_parser("apps", help="applications (drafts) in the database")
    asub = apps.add_subparsers(dest="apps_command", metavar="ACTION", required=True)
    p = asub.add_parser("list", help="list (or search) applications")
    p.add_argument("query", nargs="?", default="",
                   help="title, client name, 사업자등록번호 or representative")
    p.add_argument("--client", type=int, metavar="ID")
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--all", action="store_true", help="include archived applications")
    p.add_argument("--limit", type=_positive, default=LIST_LIMIT, metavar="N",
                   help=f"list at most N (default {LIST_LIMIT:,}); stderr says when more match")
    p.add_argument("--offset", type=_not_negative, default=0, metavar="N", help="skip the first N")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=apps_list)
    p = asub.add_parser("new", help="a new application of FORM; prints its id")
    p.add_argument("form", metavar="FORM", help="ID, ID@EDITION or a path to a YAML file")
    p.add_argument("--client", type=int, metavar="ID", help="prefill from this client's profile")
    p.add_argument("--answers", metavar="FILE.json", help="start from an answers file")
    p.add_argument("--title")
    p.set_defaults(func=apps_new)
    p = asub.add_parser("show", help="an application's answers")
    p.add_argument("app", type=int, metavar="APP")
    p.add_argument("--json", action="store_true", help="as an answers file, with details")
    p.set_defaults(func=apps_show)
    p = asub.add_parser("set", help="save one answer (one revision)")
    p.add_argument("app", type=int, metavar="APP")
    p.add_argument("field", metavar="FIELD")
    p.add_argument("value", metavar="VALUE", nargs="?")
    p.add_argument("--json-value", action="store_true", help="VALUE is JSON (lists, tables)")
    p.add_argument("--clear", action="store_true", help="remove the answer")
    p.set_defaults(func=apps_set)
    p = asub.add_parser("status", help="change status (ready and beyond need no errors)")
    p.add_argument("app", type=int, metavar="APP")
    p.add_argument("status", choices=STATUSES)
    p.add_argument("--today", type=common.parse_date, metavar="YYYY-MM-DD")
    p.set_defaults(func=apps_status)
    _register_history(asub)
    p = asub.add_parser("copy", help="copy to another edition or programme; prints the new id")
    p.add_argument("app", type=int, metavar="APP")
    p.add_argument("form", metavar="FORM", help="ID, ID@EDITION or a path to a YAML file")
    p.add_argument("--title")
    p.add_argument("--sections", metavar="ID,ID", help="carry only these sections of the source form")
    p.set_defaults(func=apps_copy)
    p = asub.add_parser("upgrade", help="move a draft to a newer edition of its programme (shows the changes)")
    p.add_argument("app", type=int, metavar="APP")
    p.add_argument("form", metavar="FORM", nargs="?",
                   help="the edition to move to: ID@EDITION or a path to a YAML file (default: the newest)")
    p.add_argument("--dry-run", action="store_true", help="only show what would change")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=apps_upgrade)
    p = asub.add_parser("attach", help="attach a file to a requirement")
    p.add_argument("app", type=int, metavar="APP")
    p.add_argument("requirement", metavar="REQUIREMENT")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=apps_attach)
    p = asub.add_parser("pdf", help="the submission PDF of an application, or of a selection into a folder "
                                    "(DRAFT while errors remain)")
    p.add_argument("app", type=int, metavar="APP", nargs="?")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf|DIR")
    p.add_argument("--final", action="store_true",
                   help="refuse (exit 1) while errors remain; on success the status becomes 'exported'")
    batch_cmd.add_jobs(p, "render")
    batch_cmd.add_selection(p)
    p.set_defaults(func=apps_pdf)
    from desktop_app.cli.hwpx_cmd import register_apps

    register_apps(asub)
    batch_cmd.register_validate(asub)
    batch_cmd.register_export(asub)
    batch_cmd.register_deadlines(asub)
    p = asub.add_parser("detach", help="remove an attachment (id from 'apps show')")
    p.add_argument("attachment", type=int, metavar="ATTACHMENT")
    p.set_defaults(func=apps_detach)


def _register_history(asub: Any) -> None:
    p = asub.add_parser("history", help="revisions, newest first")
    p.add_argument("app", type=int, metavar="APP")
    p.add_argument("--limit", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=apps_history)
    p = asub.add_parser("diff", help="what changed from REV to REV2 (default: now)")
    p.add_argument("app", type=int, metavar="APP")
    p.add_argument("rev", type=int, metavar="REV")
    p.add_argument("rev2", type=int, metavar="REV2", nargs="?")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=apps_diff)
    p = asub.add_parser("restore", help="bring the answers back to REV (a new revision)")
    p.add_argument("app", type=int, metavar="APP")
    p.add_argument("rev", type=int, metavar="REV", nargs="?")
    p.add_argument("--snapshot", metavar="NAME", help="restore a named snapshot instead")
    p.set_defaults(func=apps_restore)
    for name, what in (("undo", "take back the last change"), ("redo", "redo what undo took")):
        p = asub.add_parser(name, help=what)
        p.add_argument("app", type=int, metavar="APP")
        p.set_defaults(func=apps_undo if name == "undo" else apps_redo)
    p = asub.add_parser("snapshot", help="name the current revision")
    p.add_argument("app", type=int, metavar="APP")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=apps_snapshot)


def _show(value: Any) -> str:
    from desktop_app.storage.records import encode

    return value if isinstance(value, str) else encode(value)


@with_desk
def apps_list(desk: Desk, ns: argparse.Namespace) -> int:
    found = desk.apps.search(ns.query, client_id=ns.client, status=ns.status,
                             include_archived=ns.all, limit=ns.limit, offset=ns.offset)
    if len(found) == ns.limit or ns.offset:
        total = desk.apps.count(ns.query, client_id=ns.client, status=ns.status,
                                include_archived=ns.all)
        if ns.offset + len(found) < total or ns.offset:
            more = f"; --offset {ns.offset + len(found)} for the next" \
                if ns.offset + len(found) < total else ""
            common.warn(f"listed {len(found):,} of {total:,} (from #{ns.offset + 1:,}){more} — "
                        f"{total:,}건 중 {len(found):,}건을 보였습니다")
    if ns.json:
        common.print_json([{"id": a.id, "title": a.title, "form": a.form_key,
                            "status": a.status, "client_id": a.client_id,
                            "client": a.client_name, "revision": a.head_rev,
                            "updated_at": a.updated_at} for a in found])
        return 0
    for a in found:
        print(f"{a.id:>5}  {a.status:<9}  {a.form_key:<24}  {a.title}")
    return 0


@with_desk
def apps_new(desk: Desk, ns: argparse.Namespace) -> int:
    form = common.load_form(ns.form)
    if common.is_path(ns.form):  # kept with the data, so the draft opens again later
        from desktop_app.forms.registry import install_form

        form = install_form(ns.form)
    if ns.answers:  # the same import as `voucher-desk import`: answers and attachments, or nothing
        from desktop_app.cli.exchange_cmd import report_import

        report_import(desk.answers.import_file(Path(ns.answers), form=form, client_id=ns.client,
                                               title=ns.title))
        return 0
    changed = desk.apps.new(form, client_id=ns.client, title=ns.title)
    print(changed.app_id)
    return 0


def _attachment_paths(desk: Desk, rows: Any) -> dict[str, list[str]]:
    """Every file of each requirement (a requirement may hold several)."""
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r.requirement_id, []).append(str(desk.attachments.path(r.id)))
    return out


@with_desk
def apps_show(desk: Desk, ns: argparse.Namespace) -> int:
    view = desk.apps.open(ns.app)
    warn_all(view.warnings)
    a = view.app
    if ns.json:
        common.print_json({
            "form": a.form_key, "answers": view.values,
            "attachments": _attachment_paths(desk, view.attachments),
            "application": {"id": a.id, "title": a.title, "status": a.status,
                            "client_id": a.client_id, "revision": a.head_rev,
                            "form_hash": a.form_hash, "form_changed": view.form_changed,
                            "provenance": {p: x.provenance for p, x in view.answers.items()},
                            "parked": view.parked}})
        return 0
    print(f"#{a.id} {a.title}\n  form {a.form_key}  status {a.status}  revision {a.head_rev}"
          f"  client {a.client_name or '-'}")
    if view.form_changed:
        common.warn(common.both("이 초안을 시작한 뒤 양식 정의가 바뀌었습니다",
                                "the form definition changed since this draft was started"))
    from desktop_app.service.results import META_PREFIX

    for path, answer in view.answers.items():
        if path.startswith(META_PREFIX):  # bookkeeping (the form pin), not an answer
            continue
        print(f"  {path:<28} {_show(answer.value)}  ({answer.provenance})")
    for r in view.attachments:
        print(f"  attachment {r.id}: {r.requirement_id}  {r.original_name}  {r.size:,} bytes")
    return 0


@with_desk
def apps_set(desk: Desk, ns: argparse.Namespace) -> int:
    from desktop_app.errors import Refused
    from desktop_app.service.values import coerce, unreadable

    if ns.clear == (ns.value is not None):
        raise common.CliError("give either VALUE or --clear")
    if ns.clear:
        value = None
    else:
        view = desk.apps.open(ns.app)
        field = view.form.fields.get(ns.field) if view.form else None
        if view.form and field is None and not ns.field.startswith(("parked:", "meta:")):
            # a typo would stay as an answer no form reads (it was saved "anyway")
            import difflib

            near = difflib.get_close_matches(ns.field, list(view.form.fields), n=3, cutoff=0.6)
            hint_ko = f" 비슷한 항목: {', '.join(near)}" if near else " 'apps show'로 항목 id를 확인하세요"
            hint_en = f" did you mean: {', '.join(near)}" if near else " see 'apps show' for the field ids"
            raise Refused(f"{ns.field}: {view.app.form_key}에 없는 항목입니다.{hint_ko}",
                          f"{ns.field}: not a field of {view.app.form_key};{hint_en}")
        value = coerce(field, load_json_value(ns.value) if ns.json_value else ns.value)
        problems = unreadable(field, value) if field is not None else []
        if problems:  # a label typed wrong is refused, never saved as some other choice
            path, ko, en = problems[0]
            where = f"{path}: " if "[" in path else ""  # a table cell: say which one
            more = len(problems) - 1
            raise Refused(f"{where}{ko}" + (f" (외 {more}건)" if more else ""),
                           f"{where}{en}" + (f" (and {more} more)" if more else ""))
    changed = desk.apps.save(ns.app, ns.field, value)
    print(f"revision {changed.rev}" if changed.rev else "no change")
    return 0


@with_desk
def apps_status(desk: Desk, ns: argparse.Namespace) -> int:
    changed = desk.apps.set_status(ns.app, ns.status, today=ns.today or dt.date.today())
    print(changed.status or "no change")
    return 0


@with_desk
def apps_history(desk: Desk, ns: argparse.Namespace) -> int:
    revisions = desk.history.revisions(ns.app, limit=ns.limit)
    if ns.json:
        common.print_json([{"rev": r.rev, "kind": r.kind, "label": r.label,
                            "reverts": r.reverts, "at": r.at, "paths": list(r.paths)}
                           for r in revisions])
        return 0
    names = {s.rev: s.name for s in desk.history.snapshots(ns.app)}
    for r in revisions:
        extra = f" {r.label}" if r.label else ""
        snap = f"  [{names[r.rev]}]" if r.rev in names else ""
        print(f"{r.rev:>5}  {r.at}  {r.kind}{extra}: {', '.join(r.paths)}{snap}")
    return 0


@with_desk
def apps_diff(desk: Desk, ns: argparse.Namespace) -> int:
    d = desk.history.diff(ns.app, ns.rev, ns.rev2)
    if ns.json:
        common.print_json({"added": d.added, "removed": d.removed,
                           "changed": {p: {"from": a, "to": b} for p, (a, b) in d.changed.items()}})
        return 0
    for path, value in d.added.items():
        print(f"+ {path}: {_show(value)}")
    for path, value in d.removed.items():
        print(f"- {path}: {_show(value)}")
    for path, (before, after) in d.changed.items():
        print(f"~ {path}: {_show(before)} → {_show(after)}")
    return 0


@with_desk
def apps_restore(desk: Desk, ns: argparse.Namespace) -> int:
    if (ns.rev is None) == (ns.snapshot is None):
        raise common.CliError("give either REV or --snapshot NAME")
    changed = desk.history.restore_snapshot(ns.app, ns.snapshot) if ns.snapshot \
        else desk.history.restore(ns.app, ns.rev)
    print(f"revision {changed.rev}: restored {len(changed.paths)} answer(s)"
          if changed.rev else changed.note)
    return 0


@with_desk
def apps_undo(desk: Desk, ns: argparse.Namespace) -> int:
    changed = desk.history.undo(ns.app)
    print(f"revision {changed.rev}: undid {', '.join(changed.paths)}" if changed.rev
          else changed.note)
    return 0


@with_desk
def apps_redo(desk: Desk, ns: argparse.Namespace) -> int:
    changed = desk.history.redo(ns.app)
    print(f"revision {changed.rev}: redid {', '.join(changed.paths)}" if changed.rev
          else changed.note)
    return 0


@with_desk
def apps_snapshot(desk: Desk, ns: argparse.Namespace) -> int:
    snap, _ = desk.history.snapshot(ns.app, ns.name)
    print(f"snapshot {snap.name!r} = revision {snap.rev}")
    return 0


@with_desk
def apps_copy(desk: Desk, ns: argparse.Namespace) -> int:
    sections = [s.strip() for s in ns.sections.split(",") if s.strip()] if ns.sections else None
    changed = desk.apps.copy(ns.app, common.load_form(ns.form), title=ns.title, sections=sections)
    for path, why in zip(changed.parked, changed.parked_why or ("",) * len(changed.parked), strict=True):
        reason = f" ({why})" if why else ""
        common.warn(common.both(f"{path}: {ns.form}에 맞지 않아{reason} 옮기지 않고 parked:{path}로 따로 두었습니다",
                                f"{path}: does not fit {ns.form}{reason}; kept as parked:{path}, not carried"))
    print(changed.app_id)
    return 0


@with_desk
def apps_attach(desk: Desk, ns: argparse.Namespace) -> int:
    changed = desk.attachments.add(ns.app, ns.requirement, Path(ns.file))
    print(changed.attachment_id)
    return 0


@with_desk
def apps_detach(desk: Desk, ns: argparse.Namespace) -> int:
    desk.attachments.remove(ns.attachment)
    return 0


@with_desk
def apps_pdf(desk: Desk, ns: argparse.Namespace) -> int:
    from desktop_app.pdf import PdfError

    if ns.app is None or ns.every or ns.client is not None or ns.status or ns.form:
        return batch_cmd.apps_pdf_batch(desk, ns)
    if ns.report:
        raise common.CliError("--report는 여러 건을 고를 때 씁니다(--all, --client, --status, --form)",
                              "--report goes with a selection (--all, --client, --status, --form)")
    out = Path(ns.output)
    if out.is_dir():
        raise common.CliError(f"{out}: 폴더입니다. 파일 이름을 주세요", f"{out}: is a directory; give a file name")
    job = desk.exports.prepare(ns.app, today=ns.today)
    if ns.final and job.result.blocking:
        for issue in job.result.errors:
            common.fail(f"{issue.path}: {issue.message(ns.lang)}")
        common.fail(common.not_exported(len(job.result.errors)))
        return 1
    try:
        info = desk.exports.render(job, out, lang=ns.lang, final=True if ns.final else None)
    except PdfError as exc:
        raise common.CliError(f"PDF not written: {exc}") from None
    except OSError as exc:
        raise common.CliError(f"{out}: cannot write the PDF: {exc.strerror}") from None
    status = desk.exports.record(ns.app, info, final=not info.draft, today=ns.today).status
    state = "DRAFT (errors remain)" if info.draft else "final"
    print(f"{out}: {info.pages} page(s), {state}; application {ns.app} is {status}")
    common.warn_limits(job.form, [out], ns.lang)
    return 0


@with_desk
def apps_upgrade(desk: Desk, ns: argparse.Namespace) -> int:
    app = desk.apps.get(ns.app)
    form = common.load_form(ns.form or app.form_id)
    if ns.form and common.is_path(ns.form):
        from desktop_app.forms.registry import install_form

        form = install_form(ns.form)
    if ns.dry_run:
        plan = desk.upgrades.preview(ns.app, form)
    else:
        plan, _changed = desk.upgrades.apply(ns.app, form)
    if ns.json:
        common.print_json({
            "from": plan.source, "to": plan.target, "applied": not ns.dry_run,
            "steps": [{"kind": s.kind, "from": s.source, "to": s.target, "value": s.after if s.target else s.before,
                       "reason": s.reason} for s in plan.steps],
            "needs_attention": {s.source: s.reason for s in plan.needs_attention}})
        return 0
    labels = {f.id: f.label.ko for f in form.fields.values()}
    print(f"{plan.source} → {plan.target}{' (dry run: nothing written)' if ns.dry_run else ''}")
    for line in desk.upgrades.describe(plan, labels):
        print(f"  {line}")
    if plan.needs_attention:
        print(f"{len(plan.needs_attention)} answer(s) need attention: kept aside as parked, see 'apps show {ns.app}'")
    if not ns.dry_run:
        print(f"upgraded; 'voucher-desk apps undo {ns.app}' takes it back")
    return 0
