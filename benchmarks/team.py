"""Team sync against a local PostgreSQL (issue 16), in the benchmark format of docs/architecture.md.

The book is benchmarks/consultant.py's (5,000 clients / 50,000 applications with full sample
answers, cached between runs), copied so the cache stays as it was. A throwaway server is
started in a temp folder (desktop_app/team/localserver.py). Then:

- first sync: `team init` on the book's desk (the lead: every record queued) and the first
  `sync` that pushes all of it — target ≤ 60 s;
- incremental sync of 100 changes (100 answers saved on random applications) — target ≤ 1 s.

The machine's load matters (two cores shared with other work doubled the first sync once); note
`uptime` beside the lines. A second desk's first pull of the whole book has no target and is not
measured here (≈4 s per 1,000 applications in a quick run, mostly the local change-log writes).

Run: `.venv/bin/python benchmarks/team.py [--clients N --apps N]`.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from report import Row, print_rows  # noqa: E402

os.environ.setdefault("VOUCHER_DESK_PASSPHRASE", "benchmark passphrase")


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--clients", type=int, default=5000)
    p.add_argument("--apps", type=int, default=50_000)
    ns = p.parse_args()
    import consultant

    from desktop_app.service import Desk
    from desktop_app.team.localserver import LocalServer, create_team_database
    from desktop_app.team.team import Team

    home, _built = consultant.book(ns.clients, ns.apps, rebuild=False)
    rows: list[Row] = []
    work = Path(tempfile.mkdtemp(prefix="vd-team-bench-", dir="/tmp"))
    work.chmod(0o755)  # the server may run as the postgres user (we are root)
    server = LocalServer(work / "pg")
    try:
        server.init()
        server.start()
        server.wait_ready()
        create_team_database(server, "bench", "lead", "bench-lead-pass")
        data = work / "lead"
        shutil.copytree(home / "data", data, ignore=shutil.ignore_patterns("backups"))
        conninfo = f"host=127.0.0.1 port={server.port} dbname=bench user=lead"
        with Desk.open(data / "voucher-desk.sqlite3", auto_backup=False) as desk:
            began = time.perf_counter()
            Team(desk).init(conninfo, "bench-lead-pass")
            queued = Team(desk).status().waiting
            joined = time.perf_counter() - began
            report = Team(desk).sync()
            first = time.perf_counter() - began
            print(f"  first sync: {queued:,} changes queued in {joined:.1f} s, pushed {report.pushed:,}",
                  file=sys.stderr)
            rows.append(("team first sync (5,000 clients / 50,000 applications)", first, "s", "(target <= 60)",
                         first <= 60))
            rng = random.Random(16)
            apps = [a.id for a in desk.apps.search(limit=ns.apps)]
            for i in range(100):
                desk.apps.save(rng.choice(apps), "project_title", f"팀 벤치마크 {i}")
            began = time.perf_counter()
            report = Team(desk).sync()
            incremental = time.perf_counter() - began
            assert report.pushed == 100, report
            rows.append(("team incremental sync (100 changes)", incremental * 1000, "ms", "(target <= 1000)",
                         incremental <= 1.0))
    finally:
        server.stop("immediate")
        shutil.rmtree(work, ignore_errors=True)
    return print_rows(rows)


if __name__ == "__main__":
    raise SystemExit(main())
