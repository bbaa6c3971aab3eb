"""Budgets of the frozen app (issue #9), in docs/architecture.md's benchmark format.

    .venv/bin/python benchmarks/frozen.py              # builds onedir and onefile first (≈70 s here)
    .venv/bin/python benchmarks/frozen.py --no-build   # measures what dist/ already holds

- size: the onedir folder (dist/voucher-desk/, every file, MB = 10^6 bytes) ≤ 210 MB, the single
  file (dist/onefile/voucher-desk) ≤ 92 MB (scripts/build.py says why they grew);
- start: process start → the first window shown and the event loop idle ("ready"), the onedir
  build side by side with the same app started from source in the same run, median of RUNS
  interleaved runs (target ≤ 1.5×). The single file is reported beside it without a target: it
  unpacks the whole bundle into a temporary folder on every start.
Builds and measurements come from scripts/build.py, which CI runs with its smoke tests.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path

from report import print_rows  # benchmarks/ is the script's folder

ROOT = Path(__file__).resolve().parent.parent
RUNS = 9
START_RATIO_TARGET = 1.5


def _build_module():  # scripts/build.py, loaded by path (scripts/ is not a package)
    spec = importlib.util.spec_from_file_location("voucher_desk_build", ROOT / "scripts" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description="Budgets of the frozen app.")
    parser.add_argument("--no-build", action="store_true", help="measure the builds already in dist/")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    b = _build_module()
    builds = {kind: b.Build(kind) for kind in ("onedir", "onefile")}
    for build in builds.values():
        if not args.no_build:
            build.seconds = b.pyinstaller(build.kind)
        if not build.executable().exists():
            print(f"{build.path} is missing: build it first (drop --no-build)", file=sys.stderr)
            return 2
    times = b.start_times({"source": b.source_command(),
                           **{kind: [str(build.executable())] for kind, build in builds.items()}}, args.runs)

    rows: list[tuple[str, float, str, str, bool | None]] = []
    for kind, build in builds.items():
        size = b.size_bytes(build.path) / b.MB
        budget = b.BUDGET_MB[kind]
        rows.append((f"{kind}_size", size, "MB", f"(target <= {budget})", size <= budget))
    source, onedir, onefile = times["source"][0], times["onedir"][0], times["onefile"][0]
    ratio = onedir / source
    rows.append(("start_source_to_window", source * 1000, "ms", "(reference, same run)", None))
    rows.append(("start_onedir_to_window", onedir * 1000, "ms", "(side by side, see ratio)", None))
    rows.append(("start_onedir_ratio", ratio, "x", f"(target <= {START_RATIO_TARGET})", ratio <= START_RATIO_TARGET))
    rows.append(("start_onefile_to_window", onefile * 1000, "ms", "(reported, no target: unpacks first)", None))
    rows.append(("start_onefile_ratio", onefile / source, "x", "(reported, no target)", None))
    for kind in ("source", "onedir", "onefile"):
        rows.append((f"start_{kind}_to_home", times[kind][1] * 1000, "ms", "(reported, no target)", None))
    for kind, build in builds.items():
        if build.seconds is not None:
            rows.append((f"build_{kind}", build.seconds, "s", "(reported, no target)", None))

    return print_rows(rows)


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)
