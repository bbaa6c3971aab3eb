"""Find definitions: the shipped ones in forms/, or a YAML file a form author points at."""

from __future__ import annotations

import functools
import hashlib
import pickle
import re
from collections.abc import Iterable
from pathlib import Path

from desktop_app import paths
from desktop_app.errors import Refused
from desktop_app.forms.errors import FormDefinitionError
from desktop_app.forms.model import FormDefinition


class FormNotFound(Refused, LookupError):
    """No installed definition matches the FORM given."""


def shipped_files(directory: Path | None = None) -> list[Path]:
    root = directory or paths.forms_dir()
    return sorted(root.glob("*.yaml"))


_cache: dict[Path, tuple[tuple[int, int], FormDefinition]] = {}


@functools.cache
def _code_stamp() -> str:
    """Parsed forms are only reused by the same code that parsed them. The modules' files are
    found without importing them: the loader's checks cost a cold start ~0.15 s otherwise."""
    import importlib.util

    from desktop_app import __version__

    parts = [__version__]
    for name in ("desktop_app.forms.model", "desktop_app.forms.checks", "desktop_app.forms.template_model",
                 "desktop_app.hwpx.checks"):
        spec = importlib.util.find_spec(name)
        source = Path(spec.origin) if spec is not None and spec.origin else None
        parts.append(hashlib.sha256(source.read_bytes()).hexdigest()[:16]
                     if source is not None and source.is_file() else "frozen")
    return "-".join(parts)


def _templates_stamp(path: Path) -> bytes:
    """A definition is checked against its templates (forms/templates/): a changed template is a
    changed definition for the cache."""
    folder = path.parent / "templates"
    files = sorted(folder.glob("*.hwpx")) if folder.is_dir() else []
    shared = path.parent / "shared"  # the client document catalogue the loader checks against
    files += sorted(shared.glob("*.yaml")) if shared.is_dir() else []
    return b"".join(hashlib.sha256(f.name.encode() + f.read_bytes()).digest() for f in files)


def _disk_cached(path: Path) -> FormDefinition:
    """A parsed definition pickled under cache_dir(), keyed by the file's content and the code.

    Parsing and checking a large definition costs ~0.15 s; unpickling it ~2 ms, which keeps the
    window's start fast. Any problem with the cache just means parsing again.
    """
    data = path.read_bytes()
    key = hashlib.sha256(data + _code_stamp().encode() + _templates_stamp(path)).hexdigest()
    cached = paths.cache_dir() / "forms" / f"{key}.pickle"
    try:
        form = pickle.loads(cached.read_bytes())
        if isinstance(form, FormDefinition) and form.content_hash == hashlib.sha256(data).hexdigest():
            form._source_file = str(path)
            return form
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    from desktop_app.forms.loader import load_form

    form = load_form(path)
    try:
        from desktop_app.atomic import write_private

        write_private(cached, pickle.dumps(form, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
    return form


def load_cached(path: Path) -> FormDefinition:
    """Reuse a definition until the file changes on disk (in memory, then on disk)."""
    stat = path.stat()
    key = (stat.st_mtime_ns, stat.st_size)
    hit = _cache.get(path)
    if hit is not None and hit[0] == key:
        return hit[1]
    form = _disk_cached(path)
    _cache[path] = (key, form)
    return form


def load_shipped(directory: Path | None = None) -> list[FormDefinition]:
    """Every shipped definition; raises FormDefinitionError listing the problems of all files."""
    forms: list[FormDefinition] = []
    problems = []
    for path in shipped_files(directory):
        try:
            forms.append(load_cached(path))
        except FormDefinitionError as exc:
            problems.extend(exc.problems)
    if problems:
        raise FormDefinitionError(problems)
    return forms


def edition_key(edition: str) -> tuple[tuple[int, str], ...]:
    """Editions in order: "2023" < "2024", "2024.2" < "2024.10"."""
    return tuple((int(p), "") if p.isdigit() else (0, p) for p in re.split(r"[.\-]", edition))


def newer_editions(forms: Iterable[FormDefinition], form_id: str, edition: str) -> list[FormDefinition]:
    """The editions of programme `form_id` in `forms` newer than `edition`, oldest first."""
    return sorted((f for f in forms if f.id == form_id and edition_key(f.edition) > edition_key(edition)),
                  key=lambda f: edition_key(f.edition))


def installed_dir() -> Path:
    """Definitions a form author brought in (`apps new FILE.yaml`), kept with the user's data so
    drafts made from them open again later."""
    return paths.data_dir() / "forms"


def _installed() -> list[FormDefinition]:
    folder = installed_dir()
    out = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            out.append(load_cached(path))
        except FormDefinitionError:
            continue  # a broken copy never hides a shipped form
    return out


def install_form(path: str | Path) -> FormDefinition:
    """Check a definition file and keep a copy under installed_dir(); returns it loaded."""
    from desktop_app.forms.loader import load_form

    source = Path(path)
    form = load_form(source)
    target = installed_dir() / f"{form.id}-{form.edition}.yaml"
    # its 서식 go along first (checked already by load_form): the copy must load on its own
    for tpl in form.templates:
        _copy_if_changed(source.parent / tpl.file, target.parent / tpl.file)
    _copy_if_changed(source, target)
    return load_cached(target)


def _copy_if_changed(source: Path, target: Path) -> None:
    if not (target.is_file() and target.read_bytes() == source.read_bytes()):
        from desktop_app.atomic import write_atomic

        write_atomic(target, source.read_bytes())


def find_form(spec: str, directory: Path | None = None) -> FormDefinition:
    """FORM as the CLI takes it: `ID`, `ID@EDITION` or a path to a YAML file."""
    if spec.endswith((".yaml", ".yml")) or "/" in spec or "\\" in spec:
        from desktop_app.forms.loader import load_form

        return load_form(spec)
    form_id, _, edition = spec.partition("@")
    if edition:  # the file named after it, when there is one: 1 definition read instead of all
        named = (directory or paths.forms_dir()) / f"{form_id}-{edition}.yaml"
        if named.is_file():
            form = load_cached(named)
            if (form.id, form.edition) == (form_id, edition):
                return form
    candidates = [f for f in load_shipped(directory) if f.id == form_id]
    if directory is None and (not candidates or edition not in {"", *(f.edition for f in candidates)}):
        candidates += [f for f in _installed() if f.id == form_id]
    if edition:
        candidates = [f for f in candidates if f.edition == edition]
    if not candidates:
        raise FormNotFound(f"no form {spec!r}; see 'voucher-desk forms list'")
    return max(candidates, key=lambda f: edition_key(f.edition))
