"""Search clients and applications by name, 사업자등록번호, representative and title.

Korean needs two paths (PITFALLS.md): FTS5's default tokenizer misses words inside compounds
(관계 in 고객관계관리), and the trigram tokenizer finds nothing under three characters (SQLite
3.40 even mis-answers a 2-syllable LIKE against a trigram table). So each term of three or more
characters is a trigram MATCH, and a shorter one is a LIKE on the base tables. Terms are
AND-ed; a term that looks like a 사업자등록번호 also matches its digits (hyphens or not).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop_app.storage import applications as app_rows
from desktop_app.storage import clients as client_rows
from desktop_app.storage.records import Application, Client

TRIGRAM_MIN = 3
INDEX_WALK_FROM = 500  # matches from which a page is read along the updated_at index
_CLIENT_COLUMNS = "c.id, c.name, c.brn, c.representative, c.profile, c.archived, " \
                  "c.created_at, c.updated_at"


@dataclass(frozen=True)
class _Where:
    sql: str
    params: tuple[Any, ...]


# ㈜ ↔ (주) and the other parenthesised Hangul of U+320E–U+321E (NFKC maps one way only)
_ENCLOSED = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0x320E, 0x321F)}
_ENCLOSED_RE = re.compile("|".join(re.escape(k) for k in _ENCLOSED))


def variants(term: str) -> list[str]:
    """The spellings one term may be stored in: composed (NFC: a Mac's decomposed Hangul;
    names and titles are stored composed, storage.clients/applications), compatibility-folded
    (NFKC: ㈜ → (주), full-width → ASCII) and with (주) written ㈜ — matched as alternatives,
    so what the user typed is stored as typed, bar the canonical composition."""
    nfc = unicodedata.normalize("NFC", term)
    nfkc = unicodedata.normalize("NFKC", term)
    enclosed = _ENCLOSED_RE.sub(lambda m: _ENCLOSED[m.group(0)], nfkc)
    return list(dict.fromkeys([nfc, nfkc, enclosed]))


def terms(query: str) -> list[list[str]]:
    """Each whitespace-separated term with its alternatives (its Unicode spellings, its BRN
    digits)."""
    out: list[list[str]] = []
    for term in dict.fromkeys(query.split()):
        alternatives = variants(term)
        digits = re.sub(r"\D", "", term)
        if re.fullmatch(r"[\d\-]+", term) and digits and digits != term:
            alternatives.append(digits)
        alternatives = list(dict.fromkeys(alternatives))
        out.append(alternatives)
    return out


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _like(text: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


def _client_match(alt: str) -> _Where:
    if len(alt) >= TRIGRAM_MIN:
        return _Where("c.id IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?)",
                      (_phrase(alt),))
    like = _like(alt)
    return _Where("(c.name LIKE ? ESCAPE '\\' OR c.representative LIKE ? ESCAPE '\\' "
                  "OR c.brn LIKE ? ESCAPE '\\')", (like, like, like))


def _app_match(alt: str) -> _Where:
    if len(alt) >= TRIGRAM_MIN:
        return _Where("(a.id IN (SELECT rowid FROM applications_fts WHERE applications_fts "
                      "MATCH ?) OR a.client_id IN (SELECT rowid FROM clients_fts "
                      "WHERE clients_fts MATCH ?))", (_phrase(alt), _phrase(alt)))
    # the matching clients are found once (a small table), not once per application row
    client = _client_match(alt)
    return _Where(f"(a.title LIKE ? ESCAPE '\\' OR a.client_id IN "
                  f"(SELECT c.id FROM clients c WHERE {client.sql}))", (_like(alt), *client.params))


def _combine(query: str, match: Callable[[str], _Where], base: list[_Where]) -> _Where:
    parts = list(base)
    for alternatives in terms(query):
        ors = [match(alt) for alt in alternatives]
        parts.append(_Where("(" + " OR ".join(w.sql for w in ors) + ")",
                            tuple(p for w in ors for p in w.params)))
    if not parts:
        return _Where("1", ())
    return _Where(" AND ".join(w.sql for w in parts), tuple(p for w in parts for p in w.params))


ORDERS: dict[str, tuple[str, ...]] = {
    "updated": ("{u}a.updated_at",), "title": ("a.title",), "client": ("coalesce(c.name, '')",),
    "status": ("a.status",), "form": ("a.form_id", "a.form_edition")}


def clients(db: Database, query: str = "", *, include_archived: bool = False,
            limit: int = 100, offset: int = 0) -> list[Client]:
    where = _client_where(query, include_archived)
    rows = db.execute(f"SELECT {_CLIENT_COLUMNS} FROM clients c WHERE {where.sql} "
                      "ORDER BY c.name, c.id LIMIT ? OFFSET ?",
                      (*where.params, limit, offset)).fetchall()
    return [client_rows.from_row(r) for r in rows]


def count_clients(db: Database, query: str = "", *, include_archived: bool = False) -> int:
    """How many `clients` would list without a limit: what a cut-off list says it shows of."""
    where = _client_where(query, include_archived)
    return int(db.execute(f"SELECT count(*) FROM clients c WHERE {where.sql}",
                          where.params).fetchone()[0])


def _client_where(query: str, include_archived: bool) -> _Where:
    base = [] if include_archived else [_Where("c.archived = 0", ())]
    return _combine(query, _client_match, base)


def _app_where(query: str, client_id: int | None, status: str | None,
               include_archived: bool, form: str | None = None) -> _Where:
    base: list[_Where] = []
    if client_id is not None:
        base.append(_Where("a.client_id = ?", (client_id,)))
    if form is not None:  # "ID" or "ID@EDITION"
        form_id, _, edition = form.partition("@")
        base.append(_Where("a.form_id = ?", (form_id,)))
        if edition:
            base.append(_Where("a.form_edition = ?", (edition,)))
    if status is not None:
        base.append(_Where("a.status = ?", (status,)))
    elif not include_archived:
        base.append(_Where("a.status != 'archived'", ()))
    return _combine(query, _app_match, base)


def applications(db: Database, query: str = "", *, client_id: int | None = None,
                 status: str | None = None, include_archived: bool = False,
                 limit: int = 100, offset: int = 0, form: str | None = None,
                 order: str = "updated", descending: bool = True,
                 ranks: Mapping[str, int] | None = None, expected: int | None = None
                 ) -> list[Application]:
    """One page of the matching applications. `order` is a key of ORDERS, or "rank" with
    `ranks` (form key → position, e.g. by deadline); ties go by id, so pages never overlap.
    `expected`: how many match (from `count_applications`), to choose the cheaper plan."""
    where = _app_where(query, client_id, status, include_archived, form)
    # Listing walks the updated_at index and stops at `limit`. A search with few matches must
    # not (a rare term visits all 50,000 rows in index order, 18 ms, against 11 ms to scan and
    # sort); one with many should (1.5 ms, against 28 ms to sort 8,600 matches) — measured.
    walk = not query.strip() or (expected is not None and expected >= INDEX_WALK_FROM)
    direction = "DESC" if descending else "ASC"
    params: tuple[Any, ...] = where.params
    if order == "rank":
        cases = " ".join("WHEN ? THEN ?" for _ in ranks or {})
        key: tuple[str, ...] = (f"CASE a.form_id || '@' || a.form_edition {cases} "
                                f"ELSE {len(ranks or {})} END" if ranks else "0",)
        params += tuple(x for item in (ranks or {}).items() for x in item)
    elif order in ORDERS:
        key = tuple(k.replace("{u}", "" if walk else "+") for k in ORDERS[order])
    else:
        raise ValueError(f"unknown order {order!r}; one of {', '.join(ORDERS)}, rank")
    keys = ", ".join(f"{k} {direction}" for k in key)
    rows = db.execute(f"SELECT {app_rows.COLUMNS} {app_rows.FROM} WHERE {where.sql} "
                      f"ORDER BY {keys}, a.id {direction} LIMIT ? OFFSET ?",
                      (*params, limit, offset)).fetchall()
    return [app_rows.from_row(r) for r in rows]


def count_applications(db: Database, query: str = "", *, client_id: int | None = None,
                       status: str | None = None, include_archived: bool = False,
                       form: str | None = None) -> int:
    where = _app_where(query, client_id, status, include_archived, form)
    return int(db.execute(f"SELECT count(*) FROM applications a WHERE {where.sql}",
                          where.params).fetchone()[0])
