"""Benchmark of the submission PDF (issue #6), in the docs/architecture.md format.

Run: `.venv/bin/python benchmarks/pdf.py`. Prints one line per metric —
`NAME: VALUE UNIT (target OP X) ok|MISS` — and last `M of N targets met`.

- pdf_in_process_ms: median time to render the largest shipped sample (most pages, with its
  attachments appended) in one process, after the first document (fonts loaded).
- pdf_vs_libreoffice_x: whole-process time of `python -m desktop_app pdf …` against the same
  content (every answer, section by section, as tables) written as a DOCX with python-docx and
  converted by `libreoffice --headless --convert-to pdf`, side by side in this run; the ratio.
  Needs python-docx and LibreOffice Writer (Debian: libreoffice-writer-nogui; `bash
  scripts/bench-setup.sh` installs both); without them the metric is reported as MISS with the
  reason. Our modules are byte-compiled first, as an installed copy is. Target ≥ 4× (issue 18).
- pdf_memory_growth_mb: resident memory growth over 100 documents rendered in one process.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS: list[bool] = []


def report(name: str, value: float | None, unit: str, op: str, target: float,
           reason: str = "") -> None:
    if value is None:
        RESULTS.append(False)
        print(f"{name}: n/a {unit} (target {op} {target:g}) MISS — {reason}")
        return
    ok = value <= target if op == "≤" else value >= target
    RESULTS.append(ok)
    extra = f" — {reason}" if reason else ""
    print(f"{name}: {value:.1f} {unit} (target {op} {target:g}) {'ok' if ok else 'MISS'}{extra}")


def samples() -> list[Path]:
    return sorted((ROOT / "tests" / "fixtures" / "answers").glob("*.json"))


def prepare(sample: Path) -> tuple[Any, Any, Any]:
    from desktop_app.answers import read_answers
    from desktop_app.forms.registry import find_form
    from desktop_app.validation import validate

    answers = read_answers(sample)
    form = find_form(answers.form, ROOT / "forms")
    result = validate(form, answers.answers, today=form.deadline.date(),
                      attachments=answers.attachment_files(), file_exists=answers.file_exists)
    return form, result, answers


def render(prepared: tuple[Any, Any, Any], proof: bool = False) -> Any:
    from desktop_app.pdf import render_pdf

    form, result, answers = prepared
    return render_pdf(form, result, io.BytesIO(), applicant="벤치마크", app_id="BENCH-1",
                      created=dt.datetime(2020, 6, 1, tzinfo=dt.UTC),
                      attachments=answers.attachments, base_dir=answers.base_dir, proof=proof)


def rss_mb() -> float:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def largest() -> tuple[Path, tuple[Any, Any, Any], int]:
    best: tuple[Path, tuple[Any, Any, Any], int] | None = None
    for sample in samples():
        try:
            prepared = prepare(sample)
        except Exception as exc:  # a sample of a form being written elsewhere
            print(f"# skipped {sample.name}: {exc}", file=sys.stderr)
            continue
        pages = render(prepared).pages
        if best is None or pages > best[2]:
            best = (sample, prepared, pages)
    if best is None:
        raise SystemExit("no sample renders")
    return best


def in_process(prepared: tuple[Any, Any, Any]) -> float:
    render(prepared)
    times = []
    for _ in range(15):
        start = time.perf_counter()
        render(prepared)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def memory(prepared: tuple[Any, Any, Any]) -> float:
    for _ in range(10):
        render(prepared)
    gc.collect()
    before = rss_mb()
    for _ in range(100):
        render(prepared)
    gc.collect()
    return rss_mb() - before


def write_docx(prepared: tuple[Any, Any, Any], target: Path) -> None:
    """The same content as the PDF: title, then per section a two-column table of answers."""
    import docx
    from docx.shared import Pt

    info = render(prepared, proof=True)
    form = prepared[0]
    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "NanumGothic"
    style.font.size = Pt(9.5)
    doc.add_heading(form.title.ko, level=0)
    section = None
    table = None
    for a in info.proof.answers:
        if a.section != section:
            section = a.section
            doc.add_heading(section, level=1)
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
        assert table is not None
        cells = table.add_row().cells
        cells[0].text, cells[1].text = a.label, a.value
    doc.save(str(target))


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def versus_libreoffice(sample: Path, prepared: tuple[Any, Any, Any]) -> tuple[float | None, str]:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    try:
        import docx  # noqa: F401
    except ImportError:
        return None, "python-docx is not installed (pip install python-docx)"
    if office is None:
        return None, "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"
    form = prepared[0]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = work / "application.docx"
        write_docx(prepared, source)
        profile = f"-env:UserInstallation=file://{work / 'lo-profile'}"
        office_cmd = [office, profile, "--headless", "--convert-to", "pdf", "--outdir",
                      str(work / "lo"), str(source)]
        # like for like: the DOCX holds the form's content only, so ours leaves the attachments out
        ours_cmd = [sys.executable, "-m", "desktop_app", "pdf", form.key, str(sample), "-o",
                    str(work / "ours.pdf"), "--today", form.deadline.date().isoformat(), "--no-attachments"]
        # as installed: pip (and PyInstaller) ship compiled bytecode; an environment with
        # PYTHONDONTWRITEBYTECODE would otherwise compile every module of ours on every start
        import compileall

        compileall.compile_dir(str(ROOT / "desktop_app"), quiet=2)
        timed(office_cmd, work)  # the first start creates the profile: not counted
        timed(ours_cmd, ROOT)
        lo = statistics.median(timed(office_cmd, work) for _ in range(3))
        ours = statistics.median(timed(ours_cmd, ROOT) for _ in range(3))
    return lo / ours, f"ours {ours:.2f} s, LibreOffice {lo:.2f} s (whole process)"


def main() -> None:
    sample, prepared, pages = largest()
    print(f"# largest sample: {sample.name}, {pages} pages with attachments", file=sys.stderr)
    report("pdf_in_process_ms", in_process(prepared), "ms", "≤", 150,
           f"{sample.stem}, {pages} pages")
    ratio, why = versus_libreoffice(sample, prepared)
    report("pdf_vs_libreoffice_x", ratio, "x faster", "≥", 4, why)
    report("pdf_memory_growth_mb", memory(prepared), "MB", "≤", 20, "100 documents")
    print(f"{sum(RESULTS)} of {len(RESULTS)} targets met")


if __name__ == "__main__":
    main()
