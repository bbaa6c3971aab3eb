"""Answer files (the answers JSON format) in and out of the database, for reuse across programmes.

Export writes the application's answers, and copies its attachments into a folder beside the
file (`NAME_files/REQUIREMENT/original name`, named relative to the file), so the file can be
moved with its folder and imported again. Sensitive answers are left out unless asked for (an
answers file is plain text on disk).
Import makes a new draft from a file — for the file's own form, or for another programme by
field id and profile binding (service.reuse) — with every attachment checked before anything
is written, in one transaction (a refused import also takes back the seal images it kept): the
window and the CLI both call `desk.answers.import_file`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.answers import AnswersFile, AnswersFileError, UnsafePath, read_answers, write_answers
from desktop_app.atomic import write_atomic
from desktop_app.exchange.content import check_answers, check_attachment
from desktop_app.exchange.errors import PackageRefused
from desktop_app.exchange.package import safe_name
from desktop_app.forms import FormDefinition, FormDefinitionError, FormNotFound
from desktop_app.service import images
from desktop_app.service.packages import collect
from desktop_app.service.results import PARKED_PREFIX
from desktop_app.service.reuse import reuse
from desktop_app.service.sealing import Marking
from desktop_app.storage.connection import transaction
from desktop_app.storage.opening import typed_errors

if TYPE_CHECKING:
    from desktop_app.service.desk import Desk


@dataclass(frozen=True)
class AnswersExported:
    path: Path
    left_out: tuple[str, ...]     # sensitive answers not written
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class AnswersImported:
    app_id: int
    form: str
    by_profile: dict[str, str]    # source field → target field matched by profile key
    parked: tuple[str, ...]
    warnings: tuple[str, ...]


def _refused(code: str, ko: str, en: str) -> PackageRefused:
    return PackageRefused(code, ko, en)


class AnswerFiles:
    """`desk.answers`: answers files out of an application and into a new draft."""

    def __init__(self, desk: Desk) -> None:
        self._desk = desk

    def export(self, app_id: int, dest: Path, *, include_sensitive: bool = False) -> AnswersExported:
        c = collect(self._desk, app_id)
        marking = Marking.of(c.form)
        left_out = () if include_sensitive else tuple(p for p in c.answers if marking.covers(p))
        kept = {p: v for p, v in c.answers.items() if p not in left_out}
        files: dict[str, list[str]] = {}
        folder = f"{dest.stem}_files"
        for a in c.attachments:
            relative = f"{folder}/{a.requirement}/{safe_name(a.name)}"
            write_atomic(dest.parent / relative, a.data)
            files.setdefault(a.requirement, []).append(relative)
        for field_id, (name, data) in c.images.items():  # seals beside the file, named relative
            if field_id in kept:
                relative = f"{folder}/images/{field_id}/{safe_name(name)}"
                write_atomic(dest.parent / relative, data)
                kept[field_id] = relative
        write_answers(dest, AnswersFile(c.view.app.form_key, kept, files))
        return AnswersExported(dest, left_out, c.warnings)

    def import_file(self, path: Path, *, form: FormDefinition | None = None,
                    client_id: int | None = None, title: str | None = None) -> AnswersImported:
        """A new draft from the file, with all its attachments, or nothing at all."""
        desk = self._desk
        try:
            answers = read_answers(path)
        except AnswersFileError as exc:
            raise _refused("malformed_answers", f"답변 파일을 읽을 수 없습니다: {exc}", str(exc)) from None
        source = self._find(answers.form)
        target = form or source
        if target is None:
            raise _refused("unknown_form", f"이 컴퓨터에 없는 양식입니다: {answers.form}",
                           f"unknown form edition {answers.form}: it is not installed here; give --form")
        plan = reuse(answers.answers, source, target)
        values, warnings = check_answers(target, {**plan.values, **{PARKED_PREFIX + p: v
                                                                   for p, v in plan.parked.items()}})
        for f in target.fields.values():  # a seal image named relative to the answers file
            if f.kind.holds_file and isinstance(values.get(f.id), str) and values[f.id]:
                values[f.id] = str(inside(answers, values[f.id], f"answers.{f.id}"))
        files = _attachments(answers, target, warnings)
        new_images: list[Path] = []
        try:
            for f in target.fields.values():  # kept beside the database now, to know which are ours
                if f.kind.holds_file and isinstance(values.get(f.id), str) and values[f.id]:
                    values[f.id], wrote = images.keep_new(desk.location.root, values[f.id])
                    if wrote is not None:
                        new_images.append(wrote)
            with typed_errors(desk.location), transaction(desk.store.db):
                created = desk.apps.new(target, client_id=client_id, title=title, answers=values)
                assert created.app_id is not None
                for requirement, file in files:
                    desk.attachments.add(created.app_id, requirement, file)
        except BaseException:  # nothing of a refused import stays: the seals it kept go (images are
            # never garbage-collected; attachment blobs are, by attachments.collect_garbage)
            for stored in new_images:
                stored.unlink(missing_ok=True)
            raise
        return AnswersImported(created.app_id, target.key, plan.by_profile, tuple(plan.parked),
                               tuple(warnings) + created.warnings
                               + tuple(f"{k}: unknown key (ignored)" for k in answers.unknown_keys))

    def _find(self, spec: str) -> FormDefinition | None:
        try:
            return self._desk.find_form(spec)
        except (FormNotFound, FormDefinitionError):
            return None


def _attachments(answers: AnswersFile, form: FormDefinition, warnings: list[str]
                 ) -> list[tuple[str, Path]]:
    """Each file exists and passes the form's rules, or nothing is imported. For another
    programme, files of requirements it does not have are left out (with a warning)."""
    out: list[tuple[str, Path]] = []
    known = {a.id for a in form.attachments}
    for requirement, names in answers.attachments.items():
        if requirement not in known and form.key != answers.form:
            warnings.append(f"attachment {requirement}: {form.key}에 없는 첨부 항목 / not asked for "
                            f"by {form.key}; left out")
            continue
        for name in names:
            file = inside(answers, name, f"attachments.{requirement}")
            try:
                data: Any = file.read_bytes()
            except OSError:
                raise _refused("missing_member", f"첨부파일이 없습니다: {file}",
                               f"attachment {requirement}: file not found: {file}") from None
            check_attachment(form, requirement, file.name, data)
            out.append((requirement, file))
    return out


def inside(answers: AnswersFile, name: str, where: str) -> Path:
    """A file an imported answers file names: `AnswersFile.checked_path` (relative, inside the
    answers file's folder, no `..`, no link out, a regular file), and it must exist."""
    try:
        real = answers.checked_path(name, where)
    except UnsafePath as exc:
        raise _refused("unsafe_path", exc.message_ko, exc.message_en) from None
    if not real.is_file():
        what = "첨부파일이" if where.startswith("attachments") else "파일이"
        raise _refused("missing_member", f"{answers.source}: {where}: {what} 없습니다: {name}",
                       f"{answers.source}: {where}: file not found: {name}")
    return real
