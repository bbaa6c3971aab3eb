"""Storage budgets (docs/architecture.md format): `NAME: VALUE UNIT (target OP X) ok|MISS`, then a tally.

- save latency per change through the service (answer row + revision + change-log row, one
  transaction), p50 and p99, as the window saves (durability "deferred": synchronous=NORMAL on
  the GUI thread, the WAL synced by a background thread before "저장됨"), and its ratio to a
  raw sqlite3 per-field upsert measured side by side on the same settings; then the time from
  a save to its WAL sync (when "저장됨" shows) and, for reference, a save with
  synchronous=FULL (the CLI's mode: one fsync per commit);
- search at 5,000 clients / 50,000 applications for Korean 2- and 4-syllable queries inside
  compounds (the slowest query of each kind, median of repeated runs);
- database size per 1,000 applications with a realistic history (prefill, import, edits).

Run: `.venv/bin/python benchmarks/storage.py` (about a minute on 2 cores).
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.forms import FormDefinition, parse_form
from desktop_app.service import Desk
from desktop_app.storage.records import utc_now

RNG = random.Random(4)
results: list[bool] = []
WORDS = ["빅데이터", "고객관계", "관리", "분석", "스마트", "팩토리", "클라우드", "물류", "최적화",
         "인공지능", "플랫폼", "가공", "헬스케어", "핀테크", "교육", "농업", "에너지", "보안",
         "솔루션", "연구소", "랩", "테크", "시스템", "서비스", "유통", "제조", "디자인", "콘텐츠"]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서준지현수영도하윤우진은아재성연"


def report(name: str, value: float, unit: str, op: str, target: float) -> None:
    ok = value <= target if op == "≤" else value >= target
    results.append(ok)
    print(f"{name}: {value:.3g} {unit} (target {op} {target:g}) {'ok' if ok else 'MISS'}")


def korean_text(n: int) -> str:
    return " ".join(RNG.choice(WORDS) for _ in range(max(1, n // 4)))[:n]


def bench_form() -> FormDefinition:
    """Fifty fields, ten bound to the profile, five long text areas: a typical plan."""
    keys = ["company.name", "company.brn", "company.representative", "company.employees",
            "company.address", "company.phone", "company.email", "contact.name",
            "contact.phone", "contact.email"]
    fields = []
    for i in range(50):
        kind = "textarea" if i % 10 == 9 else "integer" if i % 7 == 3 else "text"
        extra = f", profile: {keys[i]}" if i < len(keys) else ""
        fields.append(f"      - {{id: f{i:02d}, type: {kind}, label: {{ko: 항목{i}, en: Item {i}}}"
                      f"{extra}}}")
    yaml = ("id: bench\nedition: '2026'\ntitle: {ko: 벤치마크, en: Benchmark}\n"
            "agency: {ko: 기관, en: Agency}\ndeadline: 2026-03-31T15:00:00+09:00\nsections:\n"
            "  - id: main\n    title: {ko: 본문, en: Main}\n    fields:\n" + "\n".join(fields))
    return parse_form(yaml, "<bench>")


def brn() -> str:
    """A valid 사업자등록번호 (clients.create refuses a wrong check digit)."""
    from desktop_app.korean_ids import brn_check_digit

    first9 = f"{RNG.randrange(101, 1000):03d}{RNG.randrange(1, 100):02d}{RNG.randrange(1, 10000):04d}"
    return first9 + str(brn_check_digit(first9))


def profile(n: int) -> dict[str, object]:
    name = RNG.choice(["(주)", "", "주식회사 "]) + "".join(RNG.sample(WORDS, 2)) + str(n)
    return {"company.name": name, "company.brn": brn(),
            "company.representative": RNG.choice(SURNAMES) + "".join(RNG.sample(GIVEN, 2)),
            "company.employees": RNG.randrange(1, 300), "company.address": "서울시 " * 5,
            "company.phone": "02-123-4567", "company.email": "ceo@example.kr",
            "contact.name": "담당자", "contact.phone": "010-1234-5678",
            "contact.email": "staff@example.kr"}


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# ---- save latency -----------------------------------------------------------------------------

def bench_saves(root: Path, form: FormDefinition, n: int = 3000) -> None:
    edits = [(f"f{RNG.randrange(50):02d}", korean_text(RNG.randrange(5, 400)))
             for _ in range(n)]
    with Desk.open(root / "saves.sqlite3", forms=lambda _: form, auto_backup=False,
                   durability="deferred") as desk:
        client = desk.clients.create(profile(0)).client_id
        app = desk.apps.new(form, client_id=client).app_id or 0
        ours = timed([lambda p=p, v=v: desk.apps.save(app, p, v) for p, v in edits])
        durable = []
        for p, v in edits[:300]:  # one save per autosave batch, as when typing pauses
            start = time.perf_counter()
            desk.apps.save(app, p, v + "!")
            assert desk.store.syncer is not None
            desk.store.syncer.wait()
            durable.append(time.perf_counter() - start)
    with Desk.open(root / "full.sqlite3", forms=lambda _: form, auto_backup=False) as desk:
        app = desk.apps.new(form).app_id or 0
        full = timed([lambda p=p, v=v: desk.apps.save(app, p, v) for p, v in edits[:300]])
    raw = raw_upserts(root / "raw.sqlite3", edits)
    p50, p99 = percentile(ours, 0.5), percentile(ours, 0.99)
    report("save_latency_p50", p50 * 1e3, "ms", "≤", 1)
    report("save_latency_p99", p99 * 1e3, "ms", "≤", 10)
    print(f"raw_sqlite3_upsert_p50: {percentile(raw, 0.5) * 1e3:.3g} ms (same run, same pragmas)")
    print(f"save_to_durable_p50: {percentile(durable, 0.5) * 1e3:.3g} ms, p99 "
          f"{percentile(durable, 0.99) * 1e3:.3g} ms (save + background WAL sync: when 저장됨 shows)")
    print(f"save_synchronous_full_p50: {percentile(full, 0.5) * 1e3:.3g} ms, p99 "
          f"{percentile(full, 0.99) * 1e3:.3g} ms (the CLI's mode, for reference)")
    # The issue sets no ratio target; 15x is a regression guard. A save is nine statements
    # (status, unchanged check, BEGIN, current value, revision bump, revision row, answer,
    # change row, COMMIT) against the floor's two, so ~9-11x is the bookkeeping itself; more
    # would mean something heavier crept in (a snapshot per change, an index per save …).
    report("save_vs_raw_upsert_ratio_p50", p50 / percentile(raw, 0.5), "x", "≤", 15)


def timed(calls: list[Callable[[], object]]) -> list[float]:
    out = []
    for call in calls:
        start = time.perf_counter()
        call()
        out.append(time.perf_counter() - start)
    return out


def raw_upserts(path: Path, edits: list[tuple[str, str]]) -> list[float]:
    """The floor: one upsert of one field, committed, nothing else."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE answers (app_id INTEGER, path TEXT, value TEXT, "
                 "PRIMARY KEY (app_id, path)) WITHOUT ROWID")
    sql = ("INSERT INTO answers VALUES (1, ?, ?) ON CONFLICT (app_id, path) "
           "DO UPDATE SET value = excluded.value")

    def upsert(p: str, v: str) -> None:
        conn.execute(sql, (p, f'"{v}"'))
        conn.commit()

    try:
        return timed([lambda p=p, v=v: upsert(p, v) for p, v in edits])
    finally:
        conn.close()


# ---- search at 5,000 / 50,000 -----------------------------------------------------------------

def fill_for_search(desk: Desk, clients: int = 5000, apps: int = 50_000) -> None:
    """Bulk rows (as many years of use would leave), written through the real schema."""
    db = desk.store.db
    now = utc_now()
    with db.atomic():
        for n in range(clients):
            p = profile(n)
            db.execute("INSERT INTO clients (name, brn, representative, profile, created_at, "
                       "updated_at) VALUES (?, ?, ?, '{}', ?, ?)",
                       (p["company.name"], p["company.brn"], p["company.representative"], now, now))
        rows = [(RNG.randrange(1, clients + 1), " ".join(RNG.sample(WORDS, 3)) + " 과제",
                 f"2025-{RNG.randrange(1, 13):02d}-{RNG.randrange(1, 29):02d}T09:00:00.000Z")
                for _ in range(apps)]
        db.conn.executemany(
            "INSERT INTO applications (client_id, title, form_id, form_edition, form_hash, "
            "created_at, updated_at) VALUES (?, ?, 'bench', '2026', 'h', ?, ?)",
            [(c, t, u, u) for c, t, u in rows])
    db.execute("PRAGMA optimize")


def bench_search(root: Path, form: FormDefinition) -> None:
    with Desk.open(root / "search.sqlite3", forms=lambda _: form, auto_backup=False) as desk:
        start = time.perf_counter()
        fill_for_search(desk)
        print(f"search_fill_5000_clients_50000_apps: {time.perf_counter() - start:.3g} s (setup)")

        def query_time(q: str) -> float:
            def both() -> None:
                desk.clients.search(q)
                desk.apps.search(q)
            return statistics.median(timed([both] * 7))

        two = {q: query_time(q) for q in ("관계", "분석", "물류", "보안", "없음")}
        four = {q: query_time(q) for q in ("고객관계", "데이터분", "클라우드", "인공지능", "없는말들")}
        hits = len(desk.apps.search("관계", limit=100_000))
        print(f"search_hits_관계: {hits} applications (sanity: words inside compounds found)")
        worst2, worst4 = max(two, key=two.__getitem__), max(four, key=four.__getitem__)
        report(f"search_2_syllable_worst_{worst2}", two[worst2] * 1e3, "ms", "≤", 50)
        report(f"search_4_syllable_worst_{worst4}", four[worst4] * 1e3, "ms", "≤", 50)
    start = time.perf_counter()
    Desk.open(root / "search.sqlite3", forms=lambda _: form, auto_backup=False).close()
    report("open_with_integrity_check_50000_apps", (time.perf_counter() - start) * 1e3, "ms",
           "≤", 1000)


# ---- size per 1,000 applications --------------------------------------------------------------

def bench_size(root: Path, form: FormDefinition, apps: int = 1000, edits: int = 40) -> None:
    """Each application: prefill, an imported answers file, then `edits` saves."""
    path = root / "size.sqlite3"
    with Desk.open(path, forms=lambda _: form, auto_backup=False) as desk:
        clients = [desk.clients.create(profile(n)).client_id for n in range(apps // 5)]
        for n in range(apps):
            answers = {f"f{i:02d}": korean_text(800 if i % 10 == 9 else 30) for i in range(10, 50)
                       if i % 7 != 3}
            app = desk.apps.new(form, client_id=clients[n % len(clients)], answers=answers).app_id
            for _ in range(edits):
                i = RNG.randrange(10, 50)
                desk.apps.save(app or 0, f"f{i:02d}", korean_text(800 if i % 10 == 9 else 30))
    size = path.stat().st_size / 1e6 * 1000 / apps
    report(f"db_size_per_1000_apps_with_{edits}_edits", size, "MB", "≤", 100)


def main() -> int:
    form = bench_form()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        bench_saves(root, form)
        bench_search(root, form)
        bench_size(root, form)
    print(f"{sum(results)} of {len(results)} targets met")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
