"""Round trips: a package (plain and encrypted) and an answers file out of one data folder and
into another, with sensitive answers, tables, parked answers, the seal image, attachments and
the client profile; and the client conflict choices."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from exchange_data import ANSWERS, PDF, PNG, Filled, dump
from secure_desk import BIRTH, MOBILE, PROFILE, lookup

from desktop_app.exchange import ConflictUnresolved, PackageRefused
from desktop_app.service import Desk

PASS = "상담사와 고객의 암호문장"


def _import(desk: Desk, path: Path, passphrase: str | None = None, **kw: object) -> int:
    pkg = desk.packages.read(path, lambda: passphrase)
    return desk.packages.import_(pkg, **kw).app_id  # type: ignore[arg-type]


def _check_arrived(source: Filled, target: Desk, app_id: int) -> None:
    view = target.apps.open(app_id)
    assert view.app.form_key == "secure-voucher@2026" and view.app.status == "draft"
    assert view.app.title == source.desk.apps.get(source.app_id).title
    for key, value in ANSWERS.items():
        assert view.values[key] == value
    assert view.values["contact_mobile"] == MOBILE  # prefilled at the source, carried as answer
    assert view.parked == {"old_field": "옛 답변"}
    assert Path(view.values["seal"]).read_bytes() == PNG
    assert Path(view.values["seal"]).is_relative_to(target.location.root)
    [row] = view.attachments
    assert (row.requirement_id, row.original_name) == ("biz_cert", "사업자등록증.pdf")
    assert target.attachments.path(row.id).read_bytes() == PDF
    assert view.app.client_id is not None
    assert target.clients.get(view.app.client_id).profile == PROFILE


def test_plain_package_round_trip(source: Filled, target: Desk, tmp_path: Path) -> None:
    out = tmp_path / "hand-off.vdpkg"
    exported = source.desk.packages.export(source.app_id, out)
    assert not exported.encrypted and exported.warnings == ()
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
    assert {"manifest.json", "answers.json", "client.json"} <= names
    assert manifest["format"] == "voucher-desk-package" and manifest["format_version"] == 1
    assert manifest["form"]["id"] == "secure-voucher" and manifest["form"]["edition"] == "2026"
    assert set(manifest["members"]) == names - {"manifest.json"}
    assert source.desk.apps.open(source.app_id).app.status == "draft"
    app = _import(target, out)
    _check_arrived(source, target, app)
    assert target.history.revisions(app)[0].kind == "new"


def test_encrypted_package_round_trip_hides_everything(source: Filled, target: Desk,
                                                       tmp_path: Path) -> None:
    out = tmp_path / "hand-off.vdpkg"
    assert source.desk.packages.export(source.app_id, out, passphrase=PASS).encrypted
    raw = out.read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        assert sorted(zf.namelist()) == ["manifest.json", "payload.bin"]
        payload = zf.read("payload.bin")
    for secret in (BIRTH, "비밀데이터", "124-81-00998", "품질 검사"):
        assert secret.encode() not in raw and secret.encode() not in payload
    with pytest.raises(PackageRefused, match="wrong passphrase"):
        _import(target, out, "틀린 암호문장입니다")
    with pytest.raises(PackageRefused, match="a passphrase is needed"):
        _import(target, out, None)
    app = _import(target, out, PASS)
    _check_arrived(source, target, app)


def test_a_client_with_the_same_brn_offers_keep_replace_both(source: Filled, target: Desk,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "p.vdpkg"
    source.desk.packages.export(source.app_id, out)
    local = target.clients.create({"company.name": "(주)예전이름", "company.brn": "1248100998",
                                   "company.phone": "02-000-0000"}).client_id
    before = dump(target)
    with pytest.raises(ConflictUnresolved, match="124-81-00998") as caught:
        _import(target, out)
    assert caught.value.client_id == local and dump(target) == before
    asked: list[str] = []
    kept = _import(target, out, conflict=lambda c, p: asked.append(c.name) or "keep")
    assert asked == ["(주)예전이름"]
    assert target.apps.get(kept).client_id == local
    assert target.clients.get(local).name == "(주)예전이름"
    both = _import(target, out, conflict="both", again=True)  # the same package, a copy wanted
    other = target.apps.get(both).client_id
    assert other not in (None, local) and target.clients.get(other).profile == PROFILE
    replaced = _import(target, out, conflict="replace", again=True)
    assert target.apps.get(replaced).client_id == local
    assert target.clients.get(local).profile == PROFILE  # company.phone, not in the package, is gone
    assert len(target.clients.search("", include_archived=True)) == 2


def test_answers_file_round_trip_leaves_sensitive_out_unless_asked(source: Filled, target: Desk,
                                                                    tmp_path: Path) -> None:
    out = tmp_path / "answers.json"
    done = source.desk.answers.export(source.app_id, out)
    assert set(done.left_out) == {"representative_birth", "contact_mobile", "members"}
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["form"] == "secure-voucher@2026" and "representative_birth" not in data["answers"]
    assert BIRTH not in out.read_text(encoding="utf-8")
    assert data["attachments"] == {"biz_cert": ["answers_files/biz_cert/사업자등록증.pdf"]}
    imported = target.answers.import_file(out)
    view = target.apps.open(imported.app_id)
    assert view.values["budget"] == ANSWERS["budget"] and "representative_birth" not in view.values
    assert target.attachments.path(view.attachments[0].id).read_bytes() == PDF
    full = tmp_path / "full.json"
    source.desk.answers.export(source.app_id, full, include_sensitive=True)
    again = target.apps.open(target.answers.import_file(full).app_id)
    assert again.values["representative_birth"] == BIRTH and again.values["members"] == ANSWERS["members"]


def test_answers_reused_in_another_programme_by_id_and_profile_binding(target: Desk,
                                                                        tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text((Path(lookup("secure-voucher@2026").source_file).read_text(encoding="utf-8")
                      .replace("id: secure-voucher", "id: other-voucher")
                      .replace("id: representative_birth", "id: ceo_birthdate")
                      .replace("type: money, label: {ko: 총사업비, en: Total budget}, min: 0",
                               "type: text, label: {ko: 총사업비, en: Total budget}")), encoding="utf-8")
    from desktop_app.forms import load_form

    target_form = load_form(other)
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"form": "secure-voucher@2026", "answers": {
        "representative_birth": BIRTH, "project_title": "재사용", "budget": 10, "mystery": 1}},
        ensure_ascii=False), encoding="utf-8")
    done = target.answers.import_file(answers, form=target_form)
    assert done.by_profile == {"representative_birth": "ceo_birthdate"}
    assert set(done.parked) == {"budget", "mystery"}  # a number does not fit a text field here
    view = target.apps.open(done.app_id)
    assert view.values["ceo_birthdate"] == BIRTH and view.values["project_title"] == "재사용"
    assert view.parked == {"budget": 10, "mystery": 1}
    stored = target.store.db.execute("SELECT value FROM answers WHERE path = 'ceo_birthdate'").fetchone()[0]
    assert BIRTH not in stored  # sensitive in the target form: sealed


def test_a_failure_inside_the_transaction_leaves_nothing(source: Filled, target: Desk, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "p.vdpkg"
    source.desk.packages.export(source.app_id, out)
    target.vault.ensure()  # the data key is made once, before the import's transaction begins
    before = dump(target)
    real_add = target.attachments.add

    def add_then_fail(*args: object) -> object:
        real_add(*args)  # type: ignore[arg-type]  # the blob is stored, the row written …
        raise OSError(28, "No space left on device")  # … and then the disk fills up

    monkeypatch.setattr(target.attachments, "add", add_then_fail)
    with pytest.raises(Exception, match="disk is full"):
        _import(target, out)
    assert dump(target) == before  # no row, no image file, no attachment blob


def test_long_korean_file_names_fit_the_file_system(source: Filled, target: Desk, tmp_path: Path) -> None:
    long = "아주긴첨부파일이름" * 12 + ".pdf"  # 108 syllables: 328 bytes of UTF-8, too long for a file
    row_id = source.desk.attachments.of(source.app_id)[0].id
    source.desk.store.db.execute("UPDATE attachments SET original_name = ? WHERE id = ?", (long, row_id))
    source.desk.store.db.conn.commit()
    out = tmp_path / "p.vdpkg"
    source.desk.packages.export(source.app_id, out)
    app = _import(target, out)
    [row] = target.apps.open(app).attachments
    assert row.original_name.endswith(".pdf") and len(row.original_name.encode()) <= 160


def test_a_short_package_passphrase_is_refused(source: Filled, tmp_path: Path) -> None:
    from desktop_app.security import WeakPassphrase

    with pytest.raises(WeakPassphrase):
        source.desk.packages.export(source.app_id, tmp_path / "p.vdpkg", passphrase="1234")
    assert not (tmp_path / "p.vdpkg").exists()
