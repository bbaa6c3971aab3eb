"""Batch work over a selection of the book: check many applications, or write their PDFs,
with progress, cancellation, a per-application outcome and a report.

A consultant ran `apps pdf` 100 times in a loop (680 s, mostly opening the database) and had
no way to check 50,000 applications at once (issue 18). Here the selection is read once, each
application is judged with the same `desk.apps.check` as everywhere else, and PDFs are
rendered from immutable snapshots (`PdfJob`). With several cores and enough work, both run in
worker processes started with "spawn" (`pool_context`): a fresh interpreter that has opened
nothing, never a fork of a process holding a SQLite connection. A checking worker opens one
read-only Desk of its own for its lifetime (its loaded forms and expression memo serve every
chunk); a rendering worker sees snapshots alone. Writes (export records, the health cache)
happen only on the calling thread.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import multiprocessing
import os
import re
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from desktop_app import paths
from desktop_app.atomic import write_atomic
from desktop_app.forms import FormDefinitionError, FormNotFound
from desktop_app.storage.errors import Rejected

if TYPE_CHECKING:
    from desktop_app.service.desk import Desk
    from desktop_app.service.export import PdfJob, Rendered
    from desktop_app.storage.records import Application

Verdict = Literal["ok", "draft", "errors", "failed"]
Progress = Callable[[int, int], None]  # (done, total)
Cancelled = Callable[[], bool]
PAGE = 2_000
CHUNK = 100  # applications a checking worker judges per task: progress (and Ctrl+C) in steps of it
# below these, work stays in this process: starting a worker (a fresh interpreter importing the
# app and loading its forms) costs about a second, a check a few ms, a PDF ~0.2 s
CHECK_PARALLEL_FROM = 1_000
PARALLEL_FROM = 8
# what one application may raise without stopping the batch (a form not installed, a sealed
# answer without its key, a refused export); a fault of the database itself still stops it
FAULTS = (Rejected, FormNotFound, FormDefinitionError)
REPORT_FIELDS = ("app_id", "title", "client", "form", "status", "verdict", "revision", "percent",
                 "errors", "warnings", "first_error", "file")


@dataclass(frozen=True)
class Selection:
    """Which applications: every one (`everything`), or those of a client, status or form."""

    everything: bool = False
    client_id: int | None = None
    status: str | None = None
    form: str | None = None  # "ID" or "ID@EDITION"
    query: str = ""
    ids: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.everything or self.ids or self.client_id is not None
                    or self.status or self.form or self.query)


@dataclass(frozen=True)
class Outcome:
    app_id: int
    title: str
    client: str
    form: str
    status: str
    verdict: Verdict
    revision: int
    percent: int = 0
    errors: int = 0
    warnings: int = 0
    first_error: str = ""
    file: str = ""


@dataclass(frozen=True)
class Summary:
    outcomes: tuple[Outcome, ...]
    cancelled: bool = False

    def count(self, verdict: Verdict) -> int:
        return sum(o.verdict == verdict for o in self.outcomes)

    @property
    def failed(self) -> bool:
        """What makes the command exit 1: an application with errors, or a PDF not written."""
        return any(o.verdict in ("errors", "failed") for o in self.outcomes)


def select(desk: Desk, selection: Selection) -> list[int]:
    """The ids of the selection, oldest first; refused when nothing was asked for."""
    if selection.empty:
        raise Rejected("대상을 고르세요: --all, --client, --status, --form 중 하나",
                       "choose what to include: --all, --client ID, --status S or --form F")
    if selection.ids:
        return list(dict.fromkeys(selection.ids))
    ids: list[int] = []
    while True:
        page = desk.apps.search(selection.query, client_id=selection.client_id,
                                status=selection.status, form=selection.form,
                                include_archived=selection.status is not None,
                                limit=PAGE, offset=len(ids), order="updated", descending=False)
        ids += [a.id for a in page]
        if len(page) < PAGE:
            return ids


def _base(desk: Desk, app_id: int) -> dict[str, object]:
    app = desk.apps.get(app_id)
    return {"app_id": app.id, "title": app.title, "client": app.client_name,
            "form": app.form_key, "status": app.status, "revision": app.head_rev}


def validate_many(desk: Desk, ids: Sequence[int], *, today: dt.date | None = None,
                  lang: str = "ko", workers: int | None = None, progress: Progress | None = None,
                  cancelled: Cancelled | None = None) -> Summary:
    """`desk.apps.check` for each, in the order of `ids`: ok, or errors (with the first one
    named). `workers`: processes (1: in this one; default: the cores from CHECK_PARALLEL_FROM
    applications on). Each worker opens its own read-only connection to the same database (a
    connection never crosses a process or thread); outcomes are merged in the original order."""
    workers = _workers(workers, len(ids), CHECK_PARALLEL_FROM)
    workers = min(workers, -(-len(ids) // CHUNK))
    if workers > 1:
        summary = _validate_parallel(desk, ids, today, lang, workers, progress, cancelled)
    else:
        outcomes: list[Outcome] = []
        stopped = False
        for n, app_id in enumerate(ids, 1):
            if cancelled is not None and cancelled():
                stopped = True
                break
            outcomes.append(_validate_one(desk, app_id, today, lang))
            if progress is not None:
                progress(n, len(ids))
        summary = Summary(tuple(outcomes), stopped)
    remember(desk, summary.outcomes, today, lang)
    return summary


def _judgement(today: dt.date | None, lang: str) -> str:
    """The cache's `day`: the day the rules read, and the language the first error is in (an
    English check must not fill the Korean spreadsheet's 첫 오류 column)."""
    return f"{(today or dt.date.today()).isoformat()} {lang}"


def remember(desk: Desk, outcomes: Iterable[Outcome], today: dt.date | None, lang: str = "ko") -> None:
    """Keep what was found in the health cache (storage.health_cache), for exports and lists."""
    from desktop_app.storage.health_cache import Entry, Key

    outcomes = list(outcomes)
    day = _judgement(today, lang)
    hashes = _form_hashes(desk, (o.form for o in outcomes))
    desk.health_cache.put({
        o.app_id: Entry(Key(o.revision, hashes[o.form], day), o.percent, o.errors, o.warnings,
                        o.first_error)
        for o in outcomes if o.verdict in ("ok", "errors") and hashes.get(o.form)})


def _form_hashes(desk: Desk, keys: Iterable[str]) -> dict[str, str]:
    """The installed definition that judges each form key (Desk's lookup); none when missing."""
    out: dict[str, str] = {}
    for key in set(keys):
        try:
            out[key] = desk.find_form(key).content_hash
        except (FormNotFound, FormDefinitionError):
            continue
    return out


def health(desk: Desk, apps: Sequence[Application], *, today: dt.date | None = None,
           workers: int | None = None, lang: str = "ko") -> dict[int, Outcome]:
    """Completion and errors of `apps` (first errors in `lang`): from the cache where it holds,
    checked (and cached) where not. An application whose form is not installed has no entry."""
    from desktop_app.storage.health_cache import Key

    day = _judgement(today, lang)
    hashes = _form_hashes(desk, (a.form_key for a in apps))
    wanted = {a.id: Key(a.head_rev, hashes[a.form_key], day) for a in apps if a.form_key in hashes}
    cached = desk.health_cache.get(wanted)
    by_id = {a.id: a for a in apps}
    out = {i: Outcome(i, by_id[i].title, by_id[i].client_name, by_id[i].form_key,
                      by_id[i].status, "errors" if e.errors else "ok", e.key.rev, e.percent,
                      e.errors, e.warnings, e.first_error) for i, e in cached.items()}
    missing = [i for i in wanted if i not in cached]
    if missing:
        out.update({o.app_id: o for o in validate_many(desk, missing, today=today, lang=lang,
                                                       workers=workers).outcomes})
    return out


def pool_context() -> BaseContext:
    """"spawn" on every platform: the caller holds an open SQLite connection (and, in the
    window, threads); a forked child would inherit both — SQLite forbids using a connection
    across fork() and a fork of a threaded process may deadlock. A spawned worker imports the
    app afresh and opens what it needs itself; it is also what Windows and macOS do anyway."""
    return multiprocessing.get_context("spawn")


def _worker_started(base: Path | None) -> None:
    """Every worker: Ctrl+C belongs to the parent (it cancels the pool; the workers finish
    the task in hand and leave), and the same --base-dir as the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    paths.set_base_dir(base)


_desk: Desk | None = None  # a checking worker's own Desk (see _checker_started)


def _checker_started(where: Path, base: Path | None, key: tuple[str, bytes] | None) -> None:
    """A checking worker opens one read-only Desk for its lifetime, closed when it exits."""
    from multiprocessing.util import Finalize

    from desktop_app.security.aead import DataKey
    from desktop_app.service.desk import Desk
    from desktop_app.storage.opening import open_database

    global _desk
    _worker_started(base)
    _desk = Desk(open_database(where, read_only=True, check=False, migrate=False))
    if key is not None:
        _desk.vault.opened((key[0], DataKey(key[1])))
    # on the worker's normal exit; the connection only: a read-only one cannot checkpoint (Desk.close
    # would try, and log that another connection, the parent's, holds a snapshot)
    Finalize(None, _desk.store.db.conn.close, exitpriority=10)


def _key_for_workers(desk: Desk) -> tuple[str, bytes] | None:
    """The data key, opened here and handed to the workers through the pool's pipe, so that a
    worker never reads a sealed answer without it (from the OS keyring, or behind a passphrase
    asked once here, as the first sealed answer would ask). None when there is no key yet
    (nothing is sealed) or it cannot be had: a worker meeting a sealed answer then fails the
    batch as this process would."""
    from desktop_app.security.errors import KeyUnavailable

    if desk.vault.status().mode not in ("keyring", "passphrase"):
        return None  # asking for the key here would make one
    try:
        key = desk.vault.key()
    except KeyUnavailable:
        return None
    return desk.vault.status().key_id, key.raw


def _validate_parallel(desk: Desk, ids: Sequence[int], today: dt.date | None, lang: str,
                       workers: int, progress: Progress | None, cancelled: Cancelled | None) -> Summary:
    chunks = [list(ids[i:i + CHUNK]) for i in range(0, len(ids), CHUNK)]
    outcomes: list[Outcome] = []
    stopped = False
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=pool_context(),
                               initializer=_checker_started,
                               initargs=(desk.location.db, paths.base_dir(), _key_for_workers(desk)))
    try:
        futures = [pool.submit(_validate_chunk, chunk, today, lang) for chunk in chunks]
        for future in futures:  # in submission order: the outcomes keep the order of `ids`
            if cancelled is not None and cancelled():
                stopped = True
                break
            outcomes += future.result()
            if progress is not None:
                progress(len(outcomes), len(ids))
    finally:  # also on Ctrl+C or a worker's fault: nothing queued starts, the workers exit
        pool.shutdown(wait=True, cancel_futures=True)
    return Summary(tuple(outcomes), stopped)


def _validate_chunk(ids: list[int], today: dt.date | None, lang: str) -> list[Outcome]:
    """In a checking worker, with its own Desk."""
    assert _desk is not None, "started without _checker_started"
    return [_validate_one(_desk, app_id, today, lang) for app_id in ids]


def _validate_one(desk: Desk, app_id: int, today: dt.date | None, lang: str) -> Outcome:
    base = _base(desk, app_id)
    try:
        result = desk.apps.check(app_id, today=today)
    except FAULTS as exc:  # a form not installed, a sealed answer without its key …
        return Outcome(**base, verdict="failed", first_error=str(exc))  # type: ignore[arg-type]
    errors = result.errors
    first = f"{errors[0].path}: {errors[0].message(lang)}" if errors else ""
    return Outcome(**base, verdict="errors" if errors else "ok",  # type: ignore[arg-type]
                   percent=result.percent, errors=len(errors),
                   warnings=sum(i.severity == "warning" for i in result.issues), first_error=first)


NAME_CHARS = 60


def file_name(app_id: int, title: str, *, draft: bool = False, lang: str = "ko") -> str:
    """`00042-title.pdf`, or `00042-초안-title.pdf` (`DRAFT` in English) for one written as a
    DRAFT, so drafts and finals in one folder are told apart: sorted by id, readable, safe on
    every file system. A long title is cut at a word, with '…' (it was cut mid-word: '… 20')."""
    safe = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", "_", title).strip(" ._")
    if len(safe) > NAME_CHARS:
        cut = safe[:NAME_CHARS]
        head = cut.rsplit(" ", 1)[0] if " " in cut[NAME_CHARS // 2:] else cut
        safe = head.rstrip(" ._·-") + "…"
    mark = ("초안-" if lang == "ko" else "DRAFT-") if draft else ""
    return f"{app_id:05d}-{mark}{safe or 'application'}.pdf"


def pdf_many(desk: Desk, ids: Sequence[int], out_dir: Path, *, lang: str = "ko",
             final: bool = False, today: dt.date | None = None, workers: int | None = None,
             progress: Progress | None = None, cancelled: Cancelled | None = None) -> Summary:
    """Write each application's PDF into `out_dir`. `final`: only error-free ones (the rest
    are reported as errors, nothing written for them); otherwise a DRAFT where errors remain.
    `workers`: processes for rendering (default: the cores, when there are enough files)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    workers = _workers(workers, len(ids), PARALLEL_FROM)
    outcomes: dict[int, Outcome] = {}
    done = 0
    stopped = False

    def finish(app_id: int, outcome: Outcome) -> None:
        nonlocal done
        outcomes[app_id] = outcome
        done += 1
        if progress is not None:
            progress(done, len(ids))

    jobs = _prepared(desk, ids, out_dir, final, today, lang, finish, cancelled)
    if workers <= 1:
        for job, base, out in jobs:
            finish(job.app_id, _record(desk, job, base, out, _render(job, out, lang, final), final))
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context(),
                                 initializer=_worker_started, initargs=(paths.base_dir(),)) as pool:
            pending: list[tuple[PdfJob, dict[str, object], Path, Future[str | Rendered]]] = []
            for job, base, out in jobs:
                pending.append((job, base, out, pool.submit(_render, job, out, lang, final)))
                while len(pending) > 2 * workers:  # keep the snapshots in memory bounded
                    job0, base0, out0, fut = pending.pop(0)
                    finish(job0.app_id, _record(desk, job0, base0, out0, fut.result(), final))
            for job0, base0, out0, fut in pending:
                finish(job0.app_id, _record(desk, job0, base0, out0, fut.result(), final))
    stopped = cancelled is not None and len(outcomes) < len(ids) and cancelled()
    return Summary(tuple(outcomes[i] for i in ids if i in outcomes), stopped)


def cores() -> int:
    """The cores this process may use (its affinity, not the machine's count)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counted is not None:
        return int(counted() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _workers(asked: int | None, items: int, from_items: int) -> int:
    """`asked` as given (1: in this process); by default the cores, once there is enough work."""
    if asked is not None:
        return max(1, asked)
    n = cores()
    return n if items >= from_items and n > 1 else 1


def _prepared(desk: Desk, ids: Sequence[int], out_dir: Path, final: bool, today: dt.date | None,
              lang: str, finish: Callable[[int, Outcome], None], cancelled: Cancelled | None
              ) -> Iterator[tuple[PdfJob, dict[str, object], Path]]:
    """Snapshots to render, made on this thread; refusals and faults are finished here."""
    for app_id in ids:
        if cancelled is not None and cancelled():
            return
        base = _base(desk, app_id)
        try:
            job = desk.exports.prepare(app_id, today=today)
        except FAULTS as exc:
            finish(app_id, Outcome(**base, verdict="failed", first_error=str(exc)))  # type: ignore[arg-type]
            continue
        errors = job.result.errors
        if final and errors:
            finish(app_id, _judged(base, job, "errors", lang))
            continue
        yield job, base, out_dir / file_name(app_id, str(base["title"]), draft=bool(errors), lang=lang)


def _judged(base: dict[str, object], job: PdfJob, verdict: Verdict, lang: str, file: str = "") -> Outcome:
    errors = job.result.errors
    return Outcome(**base, verdict=verdict, percent=job.result.percent,  # type: ignore[arg-type]
                   errors=len(errors), warnings=sum(i.severity == "warning" for i in job.result.issues),
                   first_error=f"{errors[0].path}: {errors[0].message(lang)}" if errors else "",
                   file=file)


def _render(job: PdfJob, out: Path, lang: str, final: bool) -> str | Rendered:
    """The PDF staged beside `out` (a synced temp file, put in place by `_record` once the
    export is recorded), or why not. Runs in a worker process: what it returns is pickled."""
    from desktop_app.errors import DeskError
    from desktop_app.pdf import PdfError

    try:
        rendered = job.render(out, lang=lang, final=True if final else None)
    except (PdfError, OSError, DeskError) as exc:
        return f"PDF not written: {exc}"
    # what the attachments were and the proof hold pypdf objects that do not survive pickling
    # (endless __getattr__): the batch needs the page count, the verdict and the staged file
    light = dataclasses.replace(rendered.info, attachments=(), proof=None)
    return dataclasses.replace(rendered, info=light)


def _record(desk: Desk, job: PdfJob, base: dict[str, object], out: Path,
            rendered: str | Rendered, final: bool) -> Outcome:
    if isinstance(rendered, str):
        return Outcome(**base, verdict="failed", first_error=rendered)  # type: ignore[arg-type]
    changed = desk.exports.record(job.app_id, rendered, final=not rendered.draft, today=job.today)
    base = {**base, "status": changed.status or base["status"]}
    return _judged(base, job, "draft" if rendered.draft else "ok", "ko", str(out))


# ---- reports --------------------------------------------------------------------------------

def report_text(summary: Summary, path: Path) -> bytes:
    """The report as CSV or JSON, chosen by the file's suffix."""
    rows = [asdict(o) for o in summary.outcomes]
    suffix = path.suffix.lower()
    if suffix == ".json":
        data = {"total": len(rows), "ok": summary.count("ok"), "draft": summary.count("draft"),
                "errors": summary.count("errors"), "failed": summary.count("failed"),
                "cancelled": summary.cancelled, "applications": rows}
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    if suffix == ".csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=REPORT_FIELDS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel reads Korean as UTF-8
    raise Rejected(f"보고서는 .csv 또는 .json이어야 합니다: {path.name}",
                   f"the report must be .csv or .json: {path.name}")


def write_report(summary: Summary, path: Path) -> None:
    write_atomic(path, report_text(summary, path))
