"""MUST SHOW: bad packages, each refused with its own message and the database unchanged
(every row, via an SQL dump, and every stored file, compared before and after)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from exchange_data import PNG, Filled, dump
from packages import edit_json, manifest_of, members, pack, zip_raw

from desktop_app import limits
from desktop_app.exchange import PackageRefused
from desktop_app.service import Desk

PASS = "패키지 암호문장입니다"
Build = Callable[[dict[str, bytes], bytes], bytes]


def _set(path: list[str], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for key in path[:-1]:
            data = data[key]
        data[path[-1]] = value
    return change


def _with_manifest(change: Callable[[dict[str, Any]], None]) -> Build:
    def build(parts: dict[str, bytes], encrypted: bytes) -> bytes:
        manifest = manifest_of(parts)
        change(manifest)
        return pack(parts, manifest=manifest)
    return build


def _answers(change: Callable[[dict[str, Any]], None]) -> Build:
    return lambda parts, encrypted: pack(edit_json(parts, "answers.json", change))


def _tampered_payload(parts: dict[str, bytes], encrypted: bytes) -> bytes:
    outer = members(encrypted)
    payload = bytearray(outer["payload.bin"])
    payload[40] ^= 0xFF
    return pack({**outer, "payload.bin": bytes(payload)})  # hashes fixed: only AES-GCM can tell


def _bomb(parts: dict[str, bytes], encrypted: bytes) -> bytes:
    return pack({**parts, "attachments/0/zeros.pdf": b"%PDF-" + b"\0" * (4 * limits.MiB)})


def _extra(name: str, data: bytes = b"x") -> Build:
    return lambda parts, encrypted: zip_raw([*sorted(parts.items()), (name, data)])


CASES: list[tuple[str, Build, str, str]] = [
    ("not a zip", lambda p, e: b"This is a letter, not a package.\n", "not_zip", "not a zip archive"),
    ("empty file", lambda p, e: b"", "not_zip", "not a zip archive"),
    ("truncated zip", lambda p, e: pack(p)[:200], "not_zip", "not a readable zip archive"),
    ("no manifest", lambda p, e: zip_raw([(n, b) for n, b in p.items() if n != "manifest.json"]),
     "no_manifest", "no manifest.json"),
    ("manifest not JSON", lambda p, e: zip_raw([*[(n, b) for n, b in p.items() if n != "manifest.json"],
                                                ("manifest.json", b"{not json")]),
     "bad_manifest", "manifest.json: not valid JSON"),
    ("another format", _with_manifest(_set(["format"], "some-other-zip")), "not_a_package",
     "not a Voucher Desk package"),
    ("newer format version", _with_manifest(_set(["format_version"], 2)), "unknown_version",
     "unknown package format version 2"),
    ("wrong hash", lambda p, e: pack({**p, "answers.json": p["answers.json"].replace("품질".encode(), "위조".encode())},
                                     relist=False), "hash_mismatch", "answers.json: SHA-256 does not match"),
    ("listed member missing", lambda p, e: pack({n: b for n, b in p.items() if n != "client.json"},
                                                relist=False, manifest=manifest_of(p)),
     "missing_member", "missing: client.json"),
    ("unlisted member", _extra("notes.txt"), "unlisted_member", "not listed in the manifest: notes.txt"),
    ("path traversal", _extra("../../evil.sh"), "unsafe_name", "path traversal"),
    ("absolute name", _extra("/etc/cron.d/evil"), "unsafe_name", "absolute path"),
    ("drive letter", _extra("C:/Windows/evil.dll"), "unsafe_name", "absolute path"),
    ("backslashes", _extra("attachments\\..\\evil"), "unsafe_name", "backslash"),
    ("directory entry", _extra("attachments/"), "unsafe_name", "directory"),
    ("duplicate member", _extra("answers.json", b"{}"), "duplicate_member", "answers.json appears twice"),
    ("zip bomb (ratio)", _bomb, "zip_bomb", "looks like a zip bomb"),
    ("unknown form edition", lambda p, e: pack(edit_json(
        {**p, "manifest.json": json.dumps({**manifest_of(p), "form": {
            "id": "secure-voucher", "edition": "1999", "hash": ""}}).encode()},
        "answers.json", _set(["form"], "secure-voucher@1999"))),
     "unknown_form", "unknown form edition secure-voucher@1999"),
    ("form named by a path", _with_manifest(_set(["form"], {"id": "/tmp/evil.yaml", "edition": "1"})),
     "bad_manifest", "is not a form id and edition"),
    ("answers not an object", _answers(_set(["answers"], ["a", "list"])), "malformed_answers",
     "must be an object of field ids"),
    ("table not a list", _answers(_set(["answers", "members"], "이하린")), "malformed_answers",
     "members: a table must be a list of row objects"),
    ("answers for another form", _answers(_set(["form"], "secure-voucher@2027")), "malformed_answers",
     "the manifest says 'secure-voucher@2026'"),
    ("sealed-looking value", _answers(_set(["answers", "project_title"], {"$sealed": "v1.AAAA"})),
     "malformed_answers", "project_title: not an answer value"),
    ("NaN", lambda p, e: pack({**p, "answers.json": p["answers.json"].replace(b'"budget": 42000000',
                                                                              b'"budget": NaN')}),
     "malformed_answers", "answers.json: not valid JSON"),
    ("pdf that is not a pdf", lambda p, e: pack({
        (n.rsplit("/", 1)[0] + "/사업자등록증.pdf" if n.startswith("attachments/") else n):
        (PNG if n.startswith("attachments/") else b) for n, b in p.items()}),
     "bad_attachment", "the content is not a .pdf file"),
    ("attachment for nothing", _answers(lambda d: d["attachments"].update(
        {"no_such_requirement": d["attachments"]["biz_cert"]})), "bad_attachment",
     "has no attachment 'no_such_requirement'"),
    ("unused member", lambda p, e: pack({**p, "attachments/ff/stowaway.pdf": b"%PDF-1.4"}),
     "unexpected_member", "unexpected member(s): attachments/ff/stowaway.pdf"),
    ("malformed client", lambda p, e: pack({**p, "client.json": b'{"profile": {"not a key": 1}}'}),
     "malformed_client", "'not a key' is not a profile key"),
    ("wrong passphrase", lambda p, e: e, "wrong_passphrase", "wrong passphrase for this package"),
    ("tampered encrypted payload", _tampered_payload, "wrong_passphrase", "wrong passphrase"),
    ("hostile scrypt cost", lambda p, e: pack(members(e), manifest={
        **manifest_of(members(e)), "kdf": {**manifest_of(members(e))["kdf"], "log2_n": 30}}),
     "bad_manifest", "bad encryption parameters"),
]


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], bytes]:
    """A good plain package (as members) and a good encrypted one (as bytes)."""
    from exchange_data import open_desk
    from memory_keyring import MemoryKeyring, using

    import desktop_app.security.kdf as kdf

    root = tmp_path_factory.mktemp("good")
    with using(MemoryKeyring()):
        saved, kdf.DEFAULT_LOG2_N = kdf.DEFAULT_LOG2_N, 14
        try:
            filled = _fill(open_desk(root / "src"), root)
            filled.desk.packages.export(filled.app_id, root / "plain.vdpkg")
            filled.desk.packages.export(filled.app_id, root / "secret.vdpkg", passphrase=PASS)
            filled.desk.close()
        finally:
            kdf.DEFAULT_LOG2_N = saved
    return members((root / "plain.vdpkg").read_bytes()), (root / "secret.vdpkg").read_bytes()


def _fill(desk: Desk, root: Path) -> Filled:
    from exchange_data import ANSWERS, PDF
    from secure_desk import PROFILE, lookup

    cert = root / "사업자등록증.pdf"
    cert.write_bytes(PDF)
    client = desk.clients.create(PROFILE).client_id
    app = desk.apps.new(lookup("secure-voucher@2026"), client_id=client, answers=ANSWERS).app_id
    assert app is not None and client is not None
    desk.attachments.add(app, "biz_cert", cert)
    return Filled(desk, app, client, cert, cert)


@pytest.fixture
def lived_in(target: Desk, source: Filled, tmp_path: Path) -> Desk:
    """The receiving desk already holds data (a client, an application, an attachment)."""
    out = tmp_path / "earlier.vdpkg"
    source.desk.packages.export(source.app_id, out)
    target.packages.import_(target.packages.read(out, lambda: None))
    return target


def test_there_are_enough_distinct_refusals() -> None:
    assert len(CASES) >= 15 and len({c[2] for c in CASES}) >= 15


@pytest.mark.parametrize(("build", "code", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_package_is_refused_and_nothing_changes(lived_in: Desk, packages: tuple[dict[str, bytes], bytes],
                                                    tmp_path: Path, build: Build, code: str,
                                                    message: str) -> None:
    parts, encrypted = packages
    bad = tmp_path / "bad.vdpkg"
    bad.write_bytes(build(parts, encrypted))
    before = dump(lived_in)
    with pytest.raises(PackageRefused) as caught:
        pkg = lived_in.packages.read(bad, lambda: "틀린 암호문장입니다")
        lived_in.packages.import_(pkg, conflict="both")
    assert caught.value.code == code, caught.value.message_en
    assert message in caught.value.message_en
    assert caught.value.message_ko and caught.value.message_ko != caught.value.message_en
    assert dump(lived_in) == before


def test_oversize_member_and_total_are_refused_before_reading(
        lived_in: Desk, packages: tuple[dict[str, bytes], bytes], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    parts, _ = packages
    bad = tmp_path / "big.vdpkg"
    bad.write_bytes(pack(parts))
    before = dump(lived_in)
    monkeypatch.setattr(limits, "MAX_MEMBER_BYTES", 300)
    with pytest.raises(PackageRefused, match="too large") as caught:
        lived_in.packages.read(bad, lambda: None)
    assert caught.value.code == "oversize"
    monkeypatch.setattr(limits, "MAX_MEMBER_BYTES", 64 * limits.MiB)
    monkeypatch.setattr(limits, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(PackageRefused, match="possible zip bomb") as caught:
        lived_in.packages.read(bad, lambda: None)
    assert caught.value.code == "zip_bomb"
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    with pytest.raises(PackageRefused, match="package file is too large"):
        lived_in.packages.read(bad, lambda: None)
    assert dump(lived_in) == before


def test_a_good_package_from_the_same_pieces_imports(lived_in: Desk,
                                                     packages: tuple[dict[str, bytes], bytes],
                                                     tmp_path: Path) -> None:
    """The builders only break what they mean to: repacked untouched, the package is fine."""
    good = tmp_path / "good.vdpkg"
    good.write_bytes(pack(packages[0]))
    pkg = lived_in.packages.read(good, lambda: None)
    assert lived_in.packages.import_(pkg, conflict="both").app_id
    with zipfile.ZipFile(io.BytesIO(packages[1])) as zf:
        assert sorted(zf.namelist()) == ["manifest.json", "payload.bin"]
