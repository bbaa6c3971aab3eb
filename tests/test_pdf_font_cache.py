"""The parsed-font cache changes nothing in the output: a render that parses the font and one
that reads the cache are byte-identical (each in its own process: fonts register once)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "cloud-voucher-2021-sme.json"


def test_cached_font_renders_byte_identical(tmp_path: Path) -> None:
    env = {**os.environ, "VOUCHER_DESK_HOME": str(tmp_path / "home")}
    outputs = []
    for run in ("parse", "cache"):
        out = tmp_path / f"{run}.pdf"
        done = subprocess.run([sys.executable, "-m", "desktop_app", "pdf", "cloud-voucher", str(SAMPLE), "-o",
                               str(out), "--no-attachments", "--today", "2021-03-02"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
        cached = list((tmp_path / "home" / "cache" / "fonts").glob("*.pickle"))
        assert len(cached) == 2, "regular and bold are cached after the first render"
    assert outputs[0] == outputs[1]


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    env = {**os.environ, "VOUCHER_DESK_HOME": str(tmp_path / "home")}
    cache = tmp_path / "home" / "cache" / "fonts"
    cmd = [sys.executable, "-m", "desktop_app", "pdf", "cloud-voucher", str(SAMPLE), "-o",
           str(tmp_path / "a.pdf"), "--no-attachments"]
    assert subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=120).returncode == 0
    for file in cache.glob("*.pickle"):
        file.write_bytes(b"not a pickle")
    again = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
