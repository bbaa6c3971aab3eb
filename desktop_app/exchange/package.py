"""The `.vdpkg` file: building one, and reading one back with every check done before the
caller writes anything (docs/architecture.md; issue #7).

Plain layout: manifest.json, answers.json (the docs/architecture.md answers format, attachment paths naming
members), client.json ({"profile": …}, when the application has a client), attachments/<sha256>/
<name>, images/<field>/<name>. Encrypted: manifest.json (format, scrypt parameters) and
payload.bin, the AES-GCM encryption of a whole plain package; the manifest's header is the
associated data. Both are zips, so "is this a package at all" is answered the same way.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from desktop_app import limits, media
from desktop_app.answers import AnswersFileError, from_mapping
from desktop_app.exchange import zipcheck
from desktop_app.exchange.content import (
    Attached,
    Contents,
    attachment_members,
    check_answers,
    check_attachment,
    check_profile,
)
from desktop_app.exchange.errors import PackageRefused
from desktop_app.exchange.manifest import Manifest, digest, dump_json, load_json, now, parse
from desktop_app.forms import FormDefinition, FormDefinitionError, FormNotFound
from desktop_app.security import package_crypto
from desktop_app.security.errors import WrongPassphrase
from desktop_app.security.kdf import KdfParams, KdfParamsError, intact

FormLookup = Callable[[str], FormDefinition]
AskPassphrase = Callable[[], str | None]
_EPOCH = (1980, 1, 1, 0, 0, 0)
_IMAGE_TYPES = ("png", "jpg", "jpeg")


@dataclass(frozen=True)
class Package:
    manifest: Manifest
    form: FormDefinition
    contents: Contents
    encrypted: bool = False


# ---- building --------------------------------------------------------------------------------

def _clip(text: str, max_bytes: int) -> str:
    """At most `max_bytes` of UTF-8 (file systems count bytes; Hangul is 3 bytes a syllable)."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore")


def safe_name(name: str) -> str:
    """An original file name as a single, harmless path segment (extension kept)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r'[\x00-\x1f\x7f<>:"|?*]', "_", base).strip(" .")
    stem, dot, ext = base.rpartition(".")
    if dot and 0 < len(ext) <= 10:
        return (_clip(stem, 150).strip(" .") or "file") + "." + ext
    return _clip(base, 150).strip(" .") or "file"


def _zip(members: dict[str, bytes]) -> bytes:
    """Same input, same bytes: fixed dates and order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, _EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, members[name])
    return out.getvalue()


def _with_manifest(members: dict[str, bytes], manifest: Manifest) -> bytes:
    listed = replace(manifest, members={n: (digest(d), len(d)) for n, d in members.items()})
    return _zip({**members, limits.MANIFEST: dump_json(listed.to_json())})


def build(form: FormDefinition, title: str, answers: dict[str, Any], attachments: list[Attached],
          images: dict[str, tuple[str, bytes]], profile: dict[str, Any] | None) -> bytes:
    """A plain package; image answers and attachment paths are rewritten to member names."""
    members: dict[str, bytes] = {}
    values = dict(answers)
    for field_id, (name, data) in images.items():
        member = f"{limits.IMAGES_DIR}{field_id}/{safe_name(name)}"
        members[member] = data
        values[field_id] = member
    listed: dict[str, list[str]] = {}
    for a in attachments:
        member = f"{limits.ATTACHMENTS_DIR}{digest(a.data)}/{safe_name(a.name)}"
        members[member] = a.data
        listed.setdefault(a.requirement, []).append(member)
    answers_file: dict[str, Any] = {"form": form.key, "answers": values}
    if listed:
        answers_file["attachments"] = listed
    members[limits.ANSWERS] = dump_json(answers_file)
    if profile is not None:
        members[limits.CLIENT] = dump_json({"profile": profile})
    return _with_manifest(members, Manifest(False, {}, created_at=now(), form_id=form.id,
                                            form_edition=form.edition, form_hash=form.content_hash,
                                            title=title))


def encrypt(plain: bytes, passphrase: str) -> bytes:
    params = KdfParams.fresh()
    created = now()
    outers: list[Manifest] = []

    def header_for(kdf: dict[str, Any]) -> bytes:
        outers.append(Manifest(True, {}, created_at=created, kdf=kdf))
        return dump_json(outers[0].header())

    payload = package_crypto.encrypt(plain, passphrase, params, header_for)
    return _with_manifest({limits.PAYLOAD: payload}, outers[0])


# ---- reading ---------------------------------------------------------------------------------

def read(data: bytes, forms: FormLookup, passphrase: AskPassphrase) -> Package:
    """A fully checked package, or PackageRefused saying why. Writes nothing."""
    manifest, blobs = _open_and_verify(data)
    if not manifest.encrypted:
        return _plain(manifest, blobs, forms)
    if set(blobs) != {limits.PAYLOAD}:
        raise _unexpected(sorted(set(blobs) - {limits.PAYLOAD}) or [limits.PAYLOAD])
    try:
        params = KdfParams.from_json(manifest.kdf)
    except KdfParamsError as exc:
        raise PackageRefused("bad_manifest", f"manifest.json: 암호화 설정이 손상되었거나 올바르지 않습니다 ({exc})",
                             "manifest.json: bad encryption parameters: the header is damaged or "
                             f"invalid ({exc})") from None
    if params.log2_n > limits.MAX_SCRYPT_LOG2_N:  # a package must not make us spend 1 GiB a try
        raise PackageRefused("bad_manifest",
                             f"manifest.json: kdf.log2_n {params.log2_n}: 허용 한도는 {limits.MAX_SCRYPT_LOG2_N}입니다",
                             f"manifest.json: kdf.log2_n {params.log2_n} asks for "
                             f"{128 << (params.log2_n - 10)} MiB per try; at most "
                             f"{limits.MAX_SCRYPT_LOG2_N} is accepted")
    if intact(manifest.kdf) is False:
        raise PackageRefused("damaged", "manifest.json: 암호화 헤더가 손상되었습니다 (검사합이 맞지 않음)",
                             "manifest.json: the encryption header is damaged (its checksum does not match)")
    secret = passphrase()
    if not secret:
        raise PackageRefused("passphrase_needed", "암호화된 패키지입니다. 암호가 필요합니다",
                             "the package is encrypted: a passphrase is needed (prompt or "
                             "VOUCHER_DESK_PACKAGE_PASSPHRASE)")
    try:
        inner = package_crypto.decrypt(blobs[limits.PAYLOAD], secret, params,
                                       dump_json(manifest.header()), (manifest.kdf or {}).get("check"))
    except WrongPassphrase:
        raise PackageRefused("wrong_passphrase", "패키지 암호가 틀렸습니다",
                             "wrong passphrase for this package") from None
    except package_crypto.PayloadDamaged:
        raise PackageRefused("damaged", "패키지가 손상되었습니다: 암호는 맞지만 암호화된 내용이 열리지 않습니다",
                             "the package is damaged: the passphrase is right but the encrypted "
                             "content does not open") from None
    inner_manifest, inner_blobs = _open_and_verify(inner)
    if inner_manifest.encrypted:
        raise PackageRefused("bad_manifest", "암호화가 두 번 되어 있습니다", "a package encrypted twice")
    return replace(_plain(inner_manifest, inner_blobs, forms), encrypted=True)


def is_encrypted(data: bytes) -> bool:
    """Whether the package needs a passphrase: its manifest only, nothing decrypted."""
    with zipcheck.opened(data) as zf:
        infos = zipcheck.check_members(zf)
        if limits.MANIFEST not in infos:
            raise PackageRefused("no_manifest", "manifest.json이 없습니다: 바우처 데스크 패키지가 아닙니다",
                                 "no manifest.json: not a Voucher Desk package")
        raw = zipcheck.read(zf, infos[limits.MANIFEST], limits.MAX_JSON_BYTES)
    return parse(load_json(raw, limits.MANIFEST)).encrypted


def _open_and_verify(data: bytes) -> tuple[Manifest, dict[str, bytes]]:
    with zipcheck.opened(data) as zf:
        infos = zipcheck.check_members(zf)
        if limits.MANIFEST not in infos:
            raise PackageRefused("no_manifest", "manifest.json이 없습니다: 바우처 데스크 패키지가 아닙니다",
                                 "no manifest.json: not a Voucher Desk package")
        manifest = parse(load_json(zipcheck.read(zf, infos[limits.MANIFEST], limits.MAX_JSON_BYTES),
                                   limits.MANIFEST))
        present = set(infos) - {limits.MANIFEST}
        missing = sorted(set(manifest.members) - present)
        if missing:
            raise PackageRefused("missing_member", f"목록에 있는 파일이 없습니다: {', '.join(missing)}",
                                 f"listed in the manifest but missing: {', '.join(missing)}")
        unlisted = sorted(present - set(manifest.members))
        if unlisted:
            raise PackageRefused("unlisted_member", f"목록에 없는 파일이 있습니다: {', '.join(unlisted)}",
                                 f"not listed in the manifest: {', '.join(unlisted)}")
        blobs: dict[str, bytes] = {}
        for name, (sha, size) in manifest.members.items():
            blob = zipcheck.read(zf, infos[name], limits.MAX_MEMBER_BYTES)
            if len(blob) != size or digest(blob) != sha:
                raise PackageRefused("hash_mismatch", f"{name}: SHA-256이 맞지 않습니다(변조되었거나 손상됨)",
                                     f"{name}: SHA-256 does not match the manifest (altered or damaged)")
            blobs[name] = blob
    return manifest, blobs


def _unexpected(names: list[str]) -> PackageRefused:
    return PackageRefused("unexpected_member", f"알 수 없는 파일이 있습니다: {', '.join(names)}",
                          f"unexpected member(s): {', '.join(names)}")


def _plain(manifest: Manifest, blobs: dict[str, bytes], forms: FormLookup) -> Package:
    unknown = [n for n in blobs if n not in (limits.ANSWERS, limits.CLIENT)
               and not (n.startswith((limits.ATTACHMENTS_DIR, limits.IMAGES_DIR)) and n.count("/") == 2)]
    if unknown:
        raise _unexpected(sorted(unknown))
    if limits.ANSWERS not in blobs:
        raise PackageRefused("malformed_answers", "answers.json이 없습니다", "answers.json is missing")
    try:
        form = forms(manifest.form_key)
    except (FormNotFound, FormDefinitionError):
        raise PackageRefused("unknown_form",
                             f"이 컴퓨터에 없는 양식입니다: {manifest.form_key}. 양식을 먼저 설치하세요",
                             f"unknown form edition {manifest.form_key}: it is not installed "
                             "here") from None
    raw = load_json(blobs[limits.ANSWERS], limits.ANSWERS)
    try:
        answers_file = from_mapping(raw if isinstance(raw, dict) else {}, limits.ANSWERS)
    except AnswersFileError as exc:
        raise PackageRefused("malformed_answers", f"answers.json이 올바르지 않습니다: {exc}",
                             f"answers.json is malformed: {exc}") from None
    if answers_file.form != manifest.form_key:
        raise PackageRefused("malformed_answers", "answers.json의 양식이 manifest와 다릅니다",
                             f"answers.json is for {answers_file.form!r}, the manifest says "
                             f"{manifest.form_key!r}")
    values, warnings = check_answers(form, answers_file.answers)
    used: set[str] = set()
    images = _images(form, values, blobs, used)
    attachments: list[Attached] = []
    for requirement, names in attachment_members(raw.get("attachments") or {}).items():
        for name in names:
            if name not in blobs:
                raise PackageRefused("missing_member", f"첨부파일이 없습니다: {name}",
                                     f"attachment {name} is not in the package")
            check_attachment(form, requirement, PurePosixPath(name).name, blobs[name])
            attachments.append(Attached(requirement, PurePosixPath(name).name, blobs[name]))
            used.add(name)
    stray = sorted(n for n in blobs if n.startswith((limits.ATTACHMENTS_DIR, limits.IMAGES_DIR))
                   and n not in used)
    if stray:
        raise _unexpected(stray)
    profile = check_profile(load_json(blobs[limits.CLIENT], limits.CLIENT)) \
        if limits.CLIENT in blobs else None
    if manifest.form_hash and manifest.form_hash != form.content_hash:
        warnings.append(f"{form.key}: 양식 정의가 보낸 쪽과 다릅니다 / the form definition differs "
                        "from the sender's; check the draft")
    warnings += [f"answers.json: {k}: unknown key (ignored)" for k in answers_file.unknown_keys]
    return Package(manifest, form, Contents(values, attachments, images, profile, warnings))


def _images(form: FormDefinition, values: dict[str, Any], blobs: dict[str, bytes],
            used: set[str]) -> dict[str, tuple[str, bytes]]:
    images: dict[str, tuple[str, bytes]] = {}
    for f in form.fields.values():
        value = values.get(f.id)
        if not f.kind.holds_file or value in (None, ""):
            continue
        if not isinstance(value, str) or not value.startswith(limits.IMAGES_DIR):
            # only its own member: a path here would read a file off the recipient's disk
            raise PackageRefused("unsafe_path",
                                 f"{f.id}: 이미지는 패키지 안의 images/ 파일만 가리킬 수 있습니다: {value!r}",
                                 f"answers.{f.id}: an image may only name the package's own images/ "
                                 f"member, not {value!r}")
        name = PurePosixPath(value).name
        ext = PurePosixPath(name).suffix.lower().lstrip(".")
        data = blobs.get(value)
        if data is None:
            raise PackageRefused("missing_member", f"이미지가 없습니다: {value}",
                                 f"image {value} is not in the package")
        if ext not in _IMAGE_TYPES or not media.head_matches(ext, data[:16]):
            raise PackageRefused("bad_attachment", f"{value}: PNG/JPEG 이미지가 아닙니다",
                                 f"{value}: not a PNG or JPEG image")
        images[f.id] = (name, data)
        used.add(value)
    return images
