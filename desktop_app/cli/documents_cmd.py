"""`clients docs|doc-add|doc-remove|doc-kinds`: a client's own documents (service.documents).

`clients docs CLIENT` lists them with their validity (newest issue of each kind is the one
applications use) and exits 1 when one in use has expired, so a script can stop before a batch.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli import common

if TYPE_CHECKING:
    from desktop_app.service import Desk
    from desktop_app.service.documents import DocumentStatus

STATES = {"ok": ("유효", "valid"), "expiring": ("곧 만료", "expiring soon"),
          "expired": ("만료", "expired"), "lasting": ("기한 없음", "no expiry")}


def register(csub: Any) -> None:
    from desktop_app.cli.storage_cmd import with_desk

    p = csub.add_parser("docs", help="a client's own documents (사업자등록증명원, 중소기업확인서 …) and "
                                     "their validity; exit 1 when one in use has expired")
    p.add_argument("id", type=int, metavar="CLIENT")
    p.add_argument("--today", type=common.parse_date, metavar="YYYY-MM-DD", help="judge on this day")
    p.add_argument("--json", action="store_true")
    common.add_lang(p)
    p.set_defaults(func=with_desk(docs))
    p = csub.add_parser("doc-add", help="keep a document of the client with its issue date; "
                                        "every application of the client uses it")
    p.add_argument("id", type=int, metavar="CLIENT")
    p.add_argument("kind", metavar="KIND", help="a document kind (see 'clients doc-kinds')")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--issued", type=common.parse_date, required=True, metavar="YYYY-MM-DD",
                   help="the issue date printed on the document")
    p.set_defaults(func=with_desk(doc_add))
    p = csub.add_parser("doc-remove", help="remove one kept document (by the id 'clients docs' shows)")
    p.add_argument("doc", type=int, metavar="DOC")
    p.set_defaults(func=with_desk(doc_remove))
    p = csub.add_parser("doc-kinds", help="the document kinds and how long each stays good")
    p.add_argument("--json", action="store_true")
    common.add_lang(p)
    p.set_defaults(func=doc_kinds)


def _json(s: DocumentStatus) -> dict[str, Any]:
    d = s.doc
    return {"id": d.id, "client_id": d.client_id, "kind": d.kind, "label": s.kind.label.ko,
            "label_en": s.kind.label.en, "issued": d.issued_on, "expires": s.expires,
            "state": s.state, "in_use": s.newest, "file": d.original_name, "size": d.size}


def docs(desk: Desk, ns: argparse.Namespace) -> int:
    found = desk.documents.of(ns.id, today=ns.today)
    if ns.json:
        common.print_json([_json(s) for s in found])
    elif not found:
        print("보관된 서류가 없습니다" if ns.lang == "ko" else "no documents kept")
    for s in [] if ns.json else found:
        state = STATES[s.state][0 if ns.lang == "ko" else 1]
        until = s.expires.isoformat() if s.expires else "—"
        use = "" if s.newest else ("  (이전 발급분, 쓰지 않음)" if ns.lang == "ko" else "  (older issue, unused)")
        print(f"{s.doc.id:>5}  {s.kind.label.get(ns.lang)}  {s.doc.issued_on} → {until}  {state}  "
              f"{s.doc.original_name}{use}")
    return 1 if any(s.newest and s.state == "expired" for s in found) else 0


def doc_add(desk: Desk, ns: argparse.Namespace) -> int:
    file = Path(ns.file).expanduser()
    doc = desk.documents.add(ns.id, ns.kind, file, ns.issued)
    kind = desk.documents.catalogue.get(doc.kind)
    expires = kind.expires(dt.date.fromisoformat(doc.issued_on))
    if expires is not None and expires < dt.date.today():
        common.warn(f"{kind.label.ko}: {expires.isoformat()}에 이미 만료됨 / already expired on {expires.isoformat()}")
    print(doc.id)
    return 0


def doc_remove(desk: Desk, ns: argparse.Namespace) -> int:
    old = desk.documents.remove(ns.doc)
    print(f"removed {old.kind} {old.original_name}")
    return 0


def doc_kinds(ns: argparse.Namespace) -> int:
    from desktop_app.forms.documents import catalogue

    cat = catalogue()
    if ns.json:
        common.print_json([{"kind": k.id, "label": k.label.ko, "label_en": k.label.en,
                            "rule": k.rule_text().ko, "rule_en": k.rule_text().en,
                            "accept": list(k.accept)} for k in cat.kinds.values()])
        return 0
    for k in cat.kinds.values():
        print(f"{k.id:<22} {k.label.get(ns.lang)}  ({k.rule_text().get(ns.lang)})")
    return 0
