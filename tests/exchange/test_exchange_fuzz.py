"""Hypothesis fuzzing of import: damaged bytes, random zips and hostile manifests. Whatever the
input, import either succeeds whole or refuses with PackageRefused (a StorageError) — never an
unhandled exception, never a partial write (database dump and files compared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from exchange_data import Filled, dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packages import members, pack, zip_raw

from desktop_app.exchange.package import read
from desktop_app.service import Desk
from desktop_app.storage.errors import StorageError

FUZZ = settings(max_examples=120, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def good(source: Filled, tmp_path: Path) -> bytes:
    out = tmp_path / "good.vdpkg"
    source.desk.packages.export(source.app_id, out)
    return out.read_bytes()


def _attempt(desk: Desk, data: bytes) -> None:
    """Import `data`; the database is untouched unless the import succeeded in full."""
    before = dump(desk)
    apps_before = len(desk.apps.search(include_archived=True, limit=10_000))
    try:
        desk.packages.import_(read(data, desk.find_form, lambda: "아무 암호문장이나"), conflict="both")
    except StorageError as exc:  # PackageRefused and its relatives: a message, nothing written
        assert str(exc)
        assert dump(desk) == before
        return
    assert len(desk.apps.search(include_archived=True, limit=10_000)) == apps_before + 1


@FUZZ
@given(st.data())
def test_damaged_bytes(target: Desk, good: bytes, data: st.DataObject) -> None:
    raw = bytearray(good)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    _attempt(target, bytes(raw))


_names = st.one_of(st.sampled_from(["manifest.json", "answers.json", "client.json",
                                    "attachments/aa/x.pdf", "images/seal/s.png", "payload.bin"]),
                   st.text(min_size=0, max_size=30))
_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                 max_size=4), max_leaves=12)


@FUZZ
@given(st.lists(st.tuples(_names, st.binary(max_size=200)), max_size=6))
def test_random_zips(target: Desk, entries: list[tuple[str, bytes]]) -> None:
    _attempt(target, zip_raw(entries))


@FUZZ
@given(manifest=_json, answers=_json, client=_json)
def test_hostile_json_with_correct_hashes(target: Desk, good: bytes, manifest: object,
                                          answers: object, client: object) -> None:
    parts = members(good)
    real = json.loads(parts["manifest.json"])
    if isinstance(manifest, dict):
        manifest = {**real, **manifest}
    parts = {**parts, "answers.json": json.dumps(answers).encode(),
             "client.json": json.dumps(client).encode()}
    _attempt(target, pack(parts, manifest=manifest if isinstance(manifest, dict) else real))
    _attempt(target, zip_raw([*parts.items(), ("manifest.json", json.dumps(manifest).encode())]))


@FUZZ
@given(field=st.sampled_from(["project_title", "budget", "topics", "members", "representative_birth",
                              "seal", "nonexistent", "parked:x"]), value=_json)
def test_any_answer_value(target: Desk, good: bytes, field: str, value: object) -> None:
    parts = members(good)
    answers = json.loads(parts["answers.json"])
    answers["answers"][field] = value
    _attempt(target, pack({**parts, "answers.json": json.dumps(answers, ensure_ascii=False).encode()}))
