"""`voucher-desk --self-test`: prove an installation works, from source or frozen.

Runs in a fresh temporary base directory (or --base-dir) so it never touches the user's data:
every shipped form loads, every bundled sample validates without errors and renders a PDF, one
sample per edition fills its agency 서식 (HWPX), the
database opens and migrates, and the keyring backend is reported. Exit 0 only when all pass.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop_app import paths


@dataclass
class Step:
    name: str
    ok: bool
    detail: str
    seconds: float

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.name}: {self.detail} ({self.seconds * 1000:.0f} ms)"


def _forms() -> str:
    from desktop_app.forms import load_shipped
    from desktop_app.forms.lint import lint_form

    forms = load_shipped()
    if not forms:
        raise RuntimeError(f"no form definitions in {paths.forms_dir()}")
    problems = [str(p) for f in forms for p in lint_form(f)]
    if problems:
        raise RuntimeError("; ".join(problems[:3]))
    return f"{len(forms)} form(s) load: " + ", ".join(sorted(f.key for f in forms))


def _samples(out_dir: Path) -> str:
    from desktop_app.answers import read_answers
    from desktop_app.forms import find_form
    from desktop_app.pdf import render_pdf
    from desktop_app.validation import validate

    samples = sorted(paths.samples_dir().glob("*.json"))
    if not samples:
        raise RuntimeError(f"no sample answers in {paths.samples_dir()}")
    pages = 0
    for sample in samples:
        answers = read_answers(sample)
        form = find_form(answers.form)
        result = validate(form, answers.answers, attachments=answers.attachment_files(),
                          file_exists=answers.file_exists)
        if result.blocking:
            first = result.errors[0]
            raise RuntimeError(f"{sample.name}: {first.path}: {first.message_en}")
        info = render_pdf(form, result, out_dir / f"{sample.stem}.pdf", lang="ko",
                          attachments=answers.attachments, base_dir=answers.base_dir)
        pages += info.pages
    return f"{len(samples)} sample(s) validate and render ({pages} pages)"


def _templates(out_dir: Path) -> str:
    """One sample of each edition fills its 서식 (the frozen build carries python-hwpx's data)."""
    from desktop_app.answers import read_answers
    from desktop_app.forms import find_form
    from desktop_app.hwpx.produce import produce
    from desktop_app.pdf.cells import resolve
    from desktop_app.validation import validate

    done: dict[str, int] = {}
    for sample in sorted(paths.samples_dir().glob("*.json")):
        answers = read_answers(sample)
        form = find_form(answers.form)
        if form.key in done or not form.templates:
            continue
        result = validate(form, answers.answers, file_exists=answers.file_exists)
        base = answers.base_dir

        def image_file(name: str, base: Path = base) -> Path:
            return resolve(name, base)

        produced = produce(form, result, draft=result.blocking, image_file=image_file)
        (out_dir / f"{sample.stem}.hwpx").write_bytes(produced.data)
        done[form.key] = produced.outcome.pages.pages if produced.outcome.pages else 0
    if not done:
        raise RuntimeError("no edition has a template")
    return f"{len(done)} 서식 filled (" + ", ".join(f"{k} ~{v}p" for k, v in sorted(done.items())) + ")"


def _database() -> str:
    from desktop_app.storage import open_database

    db = open_database(paths.data_dir() / "voucher-desk.sqlite3")
    try:
        version = db.schema_version()
    finally:
        db.close()
    return f"opens and migrates to schema {version}"


def _keyring() -> str:
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, fail.Keyring):
        return f"{name}: no OS keyring here; the app will ask for a passphrase instead"
    return name


def _security() -> str:
    """The ciphers the sealed answers and encrypted packages need (a frozen build must carry
    cryptography's native part): seal and open a value, derive a key with scrypt."""
    from importlib.metadata import version

    from desktop_app.security.aead import DataKey
    from desktop_app.security.fields import open_value, seal_value
    from desktop_app.security.kdf import KdfParams, derive

    key = DataKey.generate()
    if open_value(key, seal_value(key, "1983-09-02", b"self-test"), b"self-test") != "1983-09-02":
        raise RuntimeError("a sealed value did not open")
    derive("self-test passphrase", KdfParams.fresh(14))
    return f"AES-GCM sealing and scrypt work (cryptography {version('cryptography')})"


def _team() -> str:
    """What team sync needs in a frozen build: psycopg with libpq (it answers a refused
    connection as libpq does) and the team schema's migration files."""
    import psycopg

    from desktop_app.team.server import migration_files

    versions = [v for v, _name, _text in migration_files()]
    if not versions:
        raise RuntimeError("the team schema migrations (desktop_app/team/sql) are missing")
    try:
        psycopg.connect("host=127.0.0.1 port=1 connect_timeout=2", autocommit=True).close()
    except psycopg.OperationalError:
        pass  # libpq loaded, tried and reported: what we wanted to see
    else:
        raise RuntimeError("a connection to port 1 did not fail")
    libpq = psycopg.pq.version()
    return (f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}) with libpq "
            f"{libpq // 10000}.{libpq % 10000}; team schema migrations 1-{max(versions)}")


def _run(name: str, action: Callable[[], str]) -> Step:
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            detail = action()
        ok = True
    except Exception as exc:  # a self-test reports every failure instead of stopping
        detail = f"{type(exc).__name__}: {exc}"
        if not str(exc):
            detail += " " + traceback.format_exc(limit=2).strip().splitlines()[-1]
        ok = False
    return Step(name, ok, detail, time.perf_counter() - start)


@contextlib.contextmanager
def _base_dir(given: str | None) -> Iterator[Path]:
    if given:
        yield Path(given)
        return
    with tempfile.TemporaryDirectory(prefix="voucher-desk-selftest-") as tmp:
        paths.set_base_dir(tmp)
        try:
            yield Path(tmp)
        finally:
            paths.set_base_dir(None)


def run_self_test(base_dir: str | None = None, extra: list[tuple[str, Callable[[], str]]] | None = None,
                  echo: Callable[[str], None] = print) -> bool:
    """Run every step, print one line each; True when all pass."""
    with _base_dir(base_dir) as base:
        out = base / "self-test"
        out.mkdir(parents=True, exist_ok=True)
        steps = [("forms", _forms), ("samples", lambda: _samples(out)), ("templates", lambda: _templates(out)),
                 ("database", _database),
                 ("keyring", _keyring), ("security", _security), ("team", _team), *(extra or [])]
        results = []
        for name, action in steps:
            step = _run(name, action)
            echo(step.line())
            results.append(step)
    passed = sum(s.ok for s in results)
    echo(f"self-test: {passed} of {len(results)} checks passed")
    return passed == len(results)
