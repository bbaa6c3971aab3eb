"""`forms list` and `forms check [FILE…]`."""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli import common


def register(sub: Any) -> None:
    forms = sub.add_parser("forms", help="list or check form definitions")
    forms_sub = forms.add_subparsers(dest="forms_command", metavar="ACTION", required=True)
    p = forms_sub.add_parser("list", help="the shipped programmes and editions (form, deadline, title)")
    p.add_argument("--json", action="store_true", help="machine-readable listing, with the cap, agency and file too")
    common.add_lang(p)
    p.set_defaults(func=list_forms)
    p = forms_sub.add_parser("check", help="check definitions; all shipped forms when no FILE")
    p.add_argument("files", nargs="*", metavar="FILE")
    p.set_defaults(func=check_forms)
    p = forms_sub.add_parser("map-template", help="draft a fill: block matching a 서식 (HWPX) to a form's labels")
    p.add_argument("template", metavar="TEMPLATE.hwpx")
    p.add_argument("form", metavar="FORM", help="ID, ID@EDITION or a path to a YAML file")
    p.add_argument("-o", "--output", metavar="FILE.yaml", help="write the block here instead of printing it")
    p.set_defaults(func=map_template)
    p = forms_sub.add_parser("check-digit", help="complete or check a 사업자등록번호 (brn) or 법인등록번호 (crn) "
                             "for sample answers")
    p.add_argument("kind", choices=["brn", "crn"])
    p.add_argument("number", metavar="NUMBER",
                   help="9 (brn) or 12 (crn) digits to complete, or a whole number to check. A crn check "
                        "digit cannot catch every typo: a digit off by 5 at an even position still passes")
    p.set_defaults(func=check_digit)


def check_digit(ns: argparse.Namespace) -> int:
    """A form author's sample needs valid numbers: complete the first digits or check a whole one."""
    from desktop_app import korean_ids as ids

    digits = ids.digits_only(ns.number)
    body, whole = (9, 10) if ns.kind == "brn" else (12, 13)
    make = ids.brn_check_digit if ns.kind == "brn" else ids.crn_check_digit
    show = ids.format_brn if ns.kind == "brn" else ids.format_crn
    if len(digits) == body:
        print(show(digits + str(make(digits))))
        return 0
    if len(digits) != whole:
        raise common.CliError(f"{ns.kind}: give {body} digits to complete or {whole} to check, "
                              f"not {len(digits)}")
    right = show(digits[:body] + str(make(digits[:body])))
    if right == show(digits):
        print(f"{right}: ok")
        if ns.kind == "crn":
            common.warn(" / ".join(ids.CRN_CHECK_LIMIT))
        return 0
    print(f"{show(digits)}: wrong check digit; {right} is valid")
    return 1


def list_forms(ns: argparse.Namespace) -> int:
    from desktop_app.forms import FormDefinitionError, load_shipped

    try:
        forms = load_shipped()
    except FormDefinitionError as exc:
        raise common.CliError(f"shipped forms have problems: {exc.problems[0]}") from None
    rows: list[dict[str, Any]] = []
    for f in sorted(forms, key=lambda f: (f.id, f.edition)):
        cap = f.settings.get("cap")
        rows.append({
            "form": f.key, "id": f.id, "edition": f.edition, "title": f.title.get(ns.lang),
            "agency": f.agency.get(ns.lang), "deadline": f.deadline.isoformat(),
            "cap": cap.value if cap else None, "file": f.source_file,
        })
    if ns.json:
        common.print_json(rows)
        return 0
    if not rows:
        print("no forms found")
        return 0
    width = max(len(r["form"]) for r in rows)
    for r in rows:
        print(f"{r['form']:<{width}}  {r['deadline'][:16].replace('T', ' ')}  {r['title']}")
    return 0


def check_forms(ns: argparse.Namespace) -> int:
    from pathlib import Path

    from desktop_app.forms import FormDefinitionError, load_form, shared, shipped_files
    from desktop_app.forms.lint import lint_form

    files = [Path(f) for f in ns.files] or shipped_files() + shared.shipped_files()
    if not files:
        raise common.CliError("no form definitions to check")
    problems = 0
    for path in files:
        try:
            if shared.is_shared(path):  # forms/shared/*.yaml: the data every form shares
                shared.check(path)
                continue
            form = load_form(path)
        except FormDefinitionError as exc:
            for p in exc.problems:
                print(p)
            problems += len(exc.problems)
            continue
        for p in lint_form(form):
            print(p)
            problems += 1
    print(f"{len(files)} file(s) checked, {problems} problem(s)")
    return 1 if problems else 0


def map_template(ns: argparse.Namespace) -> int:
    """Print (or write) a reviewed-by-hand starting point; exit 0 even with unplaced cells."""
    import os
    from pathlib import Path

    from desktop_app.hwpx.draft_map import draft_mapping, render_yaml
    from desktop_app.hwpx.errors import TemplateRefused
    from desktop_app.hwpx.package import read_template
    from desktop_app.hwpx.template import TemplateIndex

    form = common.load_form(ns.form)
    source = Path(ns.template)
    try:
        index = TemplateIndex(read_template(source))
    except TemplateRefused as exc:
        raise common.CliError(f"template refused: {exc.message_en}") from None
    draft = draft_mapping(form, index)
    forms_dir = Path(form.source_file).parent if form.source_file else Path.cwd()
    try:
        relative = os.path.relpath(source.resolve(), forms_dir.resolve()).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        relative = f"templates/{source.name}"
    if relative.startswith(".."):
        relative = f"templates/{source.name}"
        common.warn(f"copy {source} to {forms_dir / relative} before using the block")
    text = render_yaml(form, draft, relative)
    if ns.output:
        from desktop_app.atomic import write_atomic

        write_atomic(Path(ns.output), text.encode("utf-8"))
    else:
        print(text, end="")
    common.warn(f"{len(draft.entries)} entr(ies) placed, {len(draft.unplaced_cells)} label cell(s) unplaced, "
                f"{len(draft.missing_required)} required field(s) without a cell")
    return 0
