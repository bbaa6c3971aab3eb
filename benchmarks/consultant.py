"""A consultant's book (issue 18), in the docs/architecture.md format: `NAME: VALUE UNIT (target OP X) ok|MISS`.

Builds 5,000 clients / 50,000 applications through the service (answers from the shipped
sample answers files, spread over the programmes; client 1 has 100 applications) and keeps
the built book in the cache folder between runs (`--rebuild` makes it anew). Then:

- a single `apps pdf` (the command as typed, a new process) on the big book vs a tiny one;
- `apps pdf --client 1` (100 PDFs in one process) and `apps validate --all` (50,000);
- one- and two-syllable search p95 as the home list runs it (count + first page);
- `apps export` of the book to CSV.

Run: `.venv/bin/python benchmarks/consultant.py [--clients N --apps N] [--rebuild]`.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from report import Row, print_rows  # noqa: E402

os.environ.setdefault("VOUCHER_DESK_PASSPHRASE", "benchmark passphrase")  # machines without a keyring
WORDS = ["빅데이터", "고객관계", "관리", "분석", "스마트", "팩토리", "클라우드", "물류", "최적화",
         "인공지능", "플랫폼", "가공", "헬스케어", "핀테크", "교육", "농업", "에너지", "보안",
         "솔루션", "연구소", "랩", "테크", "시스템", "서비스", "유통", "제조", "디자인", "콘텐츠"]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서준지현수영도하윤우진은아재성연"
BOOK_VERSION = "2"  # 2: valid serials, random namesakes allowed (the duplicate check is newer)
SYLLABLES_1 = ["데", "관", "스", "한", "클", "물", "분", "솔"]
SYLLABLES_2 = ["데이", "관리", "스마", "클라", "물류", "분석", "솔루", "팩토"]


def _brn(rng: random.Random) -> str:
    from desktop_app.korean_ids import brn_check_digit

    # serial 0001-9999: python-stdnum refuses 0000 (the book once stopped at client 4,279)
    first = f"{rng.randrange(101, 999):03d}{rng.choice([81, 86, 87, 88, 1, 5]):02d}{rng.randrange(1, 10000):04d}"
    return first + str(brn_check_digit(first))


def build(home: Path, clients: int, apps: int) -> float:
    """The book through the service; returns the seconds it took."""
    from desktop_app.answers import read_answers
    from desktop_app.forms import find_form
    from desktop_app.service import Desk

    rng = random.Random(18)
    samples = []
    for path in sorted((ROOT / "tests" / "fixtures" / "answers").glob("*.json")):
        answers = read_answers(path)
        form = find_form(answers.form)
        images = {f.id for f in form.fields.values() if f.type == "image"}
        values = {k: v for k, v in answers.answers_for(images).items() if k not in images}
        samples.append((form, values))
    began = time.perf_counter()
    os.environ["VOUCHER_DESK_HOME"] = str(home)
    with Desk.open(auto_backup=False) as desk:
        ids = []
        for _ in range(clients):
            name = "".join(rng.sample(WORDS, 2))
            name = rng.choice([f"(주){name}", f"㈜{name}", f"{name} 주식회사", name])
            rep = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
            changed = desk.clients.create({"company.name": name, "company.brn": _brn(rng),
                                           "company.representative": rep}, allow_duplicate=True)
            ids.append(changed.client_id)
        for n in range(apps):
            client = ids[0] if n < 100 else rng.choice(ids)
            form, values = samples[n % len(samples)]
            title = f"{' '.join(rng.sample(WORDS, 3))} {form.edition}"
            desk.apps.new(form, client_id=client, title=title, answers=values)
            if n % 5000 == 4999:
                print(f"  … {n + 1:,} applications ({time.perf_counter() - began:.0f} s)", file=sys.stderr)
    return time.perf_counter() - began


def book(clients: int, apps: int, rebuild: bool) -> tuple[Path, float | None]:
    """The cached book's home folder (built when missing); the build time when built now."""
    from desktop_app import paths

    home = paths.cache_dir() / f"bench-consultant-{clients}-{apps}-v{BOOK_VERSION}"
    done = home / "built"
    if rebuild and home.exists():
        shutil.rmtree(home)
    if done.exists():
        return home, None
    if home.exists():
        shutil.rmtree(home)
    took = build(home, clients, apps)
    done.write_text(f"{took:.1f}\n", encoding="utf-8")
    return home, took


def cli(home: Path, *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    env = {**os.environ, "VOUCHER_DESK_HOME": str(home)}
    began = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "desktop_app", *args], env=env, cwd=ROOT,
                         capture_output=True, text=True)
    return time.perf_counter() - began, run


def single_pdf(home: Path, app_id: int, out: Path, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        took, run = cli(home, "apps", "pdf", str(app_id), "-o", str(out))
        if run.returncode != 0:
            raise SystemExit(f"apps pdf failed: {run.stderr}")
        times.append(took)
    return statistics.median(times)


def search_p95(home: Path, queries: list[str]) -> float:
    """What the home list does per key: count the matches and load the first page."""
    from desktop_app.service import Desk

    os.environ["VOUCHER_DESK_HOME"] = str(home)
    times = []
    with Desk.open(auto_backup=False) as desk:
        for _ in range(5):
            for q in queries:
                began = time.perf_counter()
                total = desk.apps.count(q)
                desk.apps.search(q, limit=200, expected=total)
                times.append(time.perf_counter() - began)
    return statistics.quantiles(times, n=20)[-1] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=5_000)
    parser.add_argument("--apps", type=int, default=50_000)
    parser.add_argument("--rebuild", action="store_true")
    ns = parser.parse_args()
    home, took = book(ns.clients, ns.apps, ns.rebuild)
    db = home / "data" / "voucher-desk.sqlite3"
    size = db.stat().st_size / 1e6
    rows: list[Row] = []
    if took is not None:
        rows.append((f"book built through the service ({ns.clients:,} clients, {ns.apps:,} applications)",
                     took, "s", f"({size:,.0f} MB)", None))
    else:
        rows.append((f"book from the cache ({ns.clients:,} clients, {ns.apps:,} applications)",
                     float((home / "built").read_text(encoding="utf-8")), "s",
                     f"(build time when made; {size:,.0f} MB)", None))
    tmp = Path(tempfile.mkdtemp(prefix="vd-consultant-"))
    try:
        tiny = tmp / "tiny"
        build(tiny, 1, 1)
        os.environ["VOUCHER_DESK_HOME"] = str(home)
        t_tiny = single_pdf(tiny, 1, tmp / "tiny.pdf")
        t_big = single_pdf(home, 1, tmp / "big.pdf")
        rows.append(("single apps pdf, tiny book", t_tiny * 1000, "ms", "(reference)", None))
        rows.append((f"single apps pdf, {ns.apps:,}-application book", t_big * 1000, "ms",
                     "(reference)", None))
        ratio = t_big / t_tiny
        rows.append(("single apps pdf, big / tiny", ratio, "x", "(target ≤ 1.5)", ratio <= 1.5))
        took, run = cli(home, "apps", "pdf", "--client", "1", "-o", str(tmp / "batch"))
        if run.returncode not in (0, 1):
            raise SystemExit(f"batch pdf failed: {run.stderr}")
        written = len(list((tmp / "batch").glob("*.pdf")))
        rows.append((f"batch apps pdf --client 1 ({written} PDFs)", took, "s", "(target ≤ 15)",
                     took <= 15 and written >= 100))
        took, run = cli(home, "apps", "validate", "--all", "--report", str(tmp / "all.csv"))
        if run.returncode not in (0, 1):
            raise SystemExit(f"batch validate failed: {run.stderr}")
        checked = sum(1 for _ in (tmp / "all.csv").open(encoding="utf-8-sig")) - 1
        rows.append((f"batch apps validate --all ({checked:,} applications)", took, "s",
                     "(target ≤ 60)", took <= 60 and checked >= ns.apps))
        for label, queries in (("one", SYLLABLES_1), ("two", SYLLABLES_2)):
            p95 = search_p95(home, queries)
            rows.append((f"{label}-syllable search p95 (count + first page)", p95, "ms",
                         "(target ≤ 50)", p95 <= 50))
        took, run = cli(home, "apps", "export", "-o", str(tmp / "book.csv"))
        if run.returncode != 0:
            rows.append(("CSV export of the book (apps export)", float("nan"), "s",
                         f"(target ≤ 5) {run.stderr.strip()[:80]}", False))
        else:
            rows.append(("CSV export of the book (apps export)", took, "s", "(target ≤ 5)", took <= 5))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return print_rows(rows)


if __name__ == "__main__":
    sys.exit(main())
