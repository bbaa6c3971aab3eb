"""A client's own documents, kept once with their issue date and used by every application of
that client; flagged when older than the kind allows or past its validity day (issue 18 #5).
Driven through the CLI as typed; the kinds and rules are data (forms/shared/documents.yaml)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.cli import main
from desktop_app.forms import FormDefinitionError, parse_form
from desktop_app.forms.documents import catalogue, parse
from desktop_app.service import Desk
from desktop_app.storage import attachments as attachment_rows

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = FIXTURES / "answers" / "ai-voucher-2024-small.json"
FILES = FIXTURES / "answers" / "attachments" / "ai-voucher-2024"
TODAY = "2024-02-10"  # the sample's day


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _answers_without(tmp_path: Path, *items: str) -> Path:
    """The complete sample without the application's own files for `items`."""
    shutil.copytree(FIXTURES / "answers" / "attachments", tmp_path / "answers" / "attachments")  # beside it
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    for item in items:
        del data["attachments"][item]
    out = tmp_path / "answers" / "sample.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.fixture
def book(base_dir: Path, tmp_path: Path) -> dict[str, int]:
    """One client, two applications lacking their own 법인등기사항증명서 and 중소기업확인서, and one
    that has its own files for both."""
    answers = _answers_without(tmp_path, "corporate_register", "sme_certificate")
    with Desk.open(auto_backup=False) as desk:
        client = desk.clients.create({"company.name": "주식회사 세진정밀"}).client_id
        assert client is not None
        ids = {"client": client,
               "a": desk.answers.import_file(answers, client_id=client).app_id or 0,
               "b": desk.answers.import_file(answers, client_id=client).app_id or 0,
               "own": desk.answers.import_file(SAMPLE, client_id=client).app_id or 0}
        import datetime as dt

        result = desk.apps.check(ids["a"], today=dt.date(2024, 2, 10))
        assert {i.path for i in result.errors} == {"attachments.corporate_register",
                                                  "attachments.sme_certificate"}
        return ids


def test_documents_kept_once_serve_every_application_and_are_judged_by_date(
        book: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    client = str(book["client"])
    code, out, _ = _run(capsys, "clients", "doc-kinds")
    assert code == 0 and "corporate_register" in out and "발급 후 3개월" in out
    assert "발급 후 처음 오는 3월 31일까지" in out

    code, out, err = _run(capsys, "clients", "doc-add", client, "corporate_register",
                          str(FILES / "corporate-register.pdf"), "--issued", "2023-10-01")
    assert code == 0, err
    old_register = int(out)
    code, out, err = _run(capsys, "clients", "doc-add", client, "sme_certificate",
                          str(FILES / "sme-certificate.pdf"), "--issued", "2023-04-10")
    assert code == 0, err

    # both applications take the client's documents; the register is 4 months old: an error
    # naming the document and its dates, in Korean and in English
    code, out, _ = _run(capsys, "apps", "validate", "--client", client, "--today", TODAY)
    assert code == 1 and "3 application(s): 1 ok, 0 draft, 2 with errors" in out
    assert "고객사 서류 법인등기사항증명서(corporate-register.pdf)의 유효기간이 지났습니다 — 발급일 2023-10-01, " \
           "2024-01-01까지 유효(발급 후 3개월)" in out
    code, out, _ = _run(capsys, "apps", "validate", str(book["b"]), "--today", TODAY, "--lang", "en")
    assert "the client's Corporate register extract (corporate-register.pdf) has expired — issued " \
           "2023-10-01, good until 2024-01-01 (3 months from issue)" in out
    code, out, _ = _run(capsys, "clients", "docs", client, "--today", TODAY)
    assert code == 1, "an expired document in use"
    assert "법인등기사항증명서  2023-10-01 → 2024-01-01  만료" in out

    # a newer issue is the one used from now on; the old one stays listed, unused
    code, out, err = _run(capsys, "clients", "doc-add", client, "corporate_register",
                          str(FILES / "corporate-register.pdf"), "--issued", "2024-01-20")
    assert code == 0, err
    code, out, _ = _run(capsys, "apps", "validate", "--client", client, "--today", TODAY)
    assert code == 0 and "3 application(s): 3 ok" in out
    code, out, _ = _run(capsys, "clients", "docs", client, "--today", TODAY, "--json")
    assert code == 0
    docs = {(d["kind"], d["issued"]): d for d in json.loads(out)}
    assert docs[("corporate_register", "2024-01-20")]["expires"] == "2024-04-20"
    assert docs[("corporate_register", "2024-01-20")]["in_use"] is True
    assert docs[("corporate_register", "2023-10-01")]["in_use"] is False
    assert docs[("sme_certificate", "2023-04-10")]["expires"] == "2024-03-31"

    # 중소기업확인서: good to 31 March after issue — a warning close to it, an error after it
    code, out, _ = _run(capsys, "apps", "validate", str(book["a"]), "--today", "2024-03-20",
                        "--report", str(Path(out and "r.json").resolve()))
    assert code == 0
    report = json.loads(Path("r.json").read_text(encoding="utf-8"))
    Path("r.json").unlink()
    assert report["applications"][0]["warnings"] >= 1
    code, out, _ = _run(capsys, "apps", "validate", str(book["a"]), "--today", "2024-04-01")
    assert code == 1 and "중소기업확인서(sme-certificate.pdf)의 유효기간이 지났습니다 — 발급일 2023-04-10, " \
                         "2024-03-31까지 유효" in out
    code, out, _ = _run(capsys, "apps", "validate", str(book["own"]), "--today", "2024-04-01")
    assert code == 0, "an application's own file wins over the client's document"

    # removing the newest issue brings the older (expired) one back into use
    with Desk.open(auto_backup=False) as desk:
        newest = next(s.doc.id for s in desk.documents.of(book["client"])
                      if s.doc.kind == "corporate_register" and s.newest)
    code, out, _ = _run(capsys, "clients", "doc-remove", str(newest))
    assert code == 0 and "corporate_register" in out
    code, out, _ = _run(capsys, "apps", "validate", str(book["a"]), "--today", TODAY)
    assert code == 1 and "발급일 2023-10-01" in out
    code, out, _ = _run(capsys, "clients", "doc-remove", str(old_register))
    code, out, _ = _run(capsys, "apps", "validate", str(book["a"]), "--today", TODAY)
    assert code == 1 and "첨부 「법인등기사항증명서」이(가) 필요합니다" in out


def test_doc_add_refuses_bad_input_and_writes_nothing(book: dict[str, int], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    client = str(book["client"])
    pdf = str(FILES / "corporate-register.pdf")
    code, _, err = _run(capsys, "clients", "doc-add", client, "corporate_registry", pdf, "--issued", TODAY)
    assert code == 2 and "corporate_registry" in err and "corporate_register" in err, err
    code, _, err = _run(capsys, "clients", "doc-add", client, "corporate_register", pdf, "--issued", "2999-01-01")
    assert code == 2 and "2999-01-01" in err
    for args, said in ((("--issued", "2024-13-01"), "YYYY-MM-DD"), ((), "--issued")):
        with pytest.raises(SystemExit) as stopped:  # argparse's own refusal, exit 2
            main(["clients", "doc-add", client, "corporate_register", pdf, *args])
        assert stopped.value.code == 2 and said in capsys.readouterr().err
    fake = tmp_path / "register.pdf"
    fake.write_text("not a pdf", encoding="utf-8")
    code, _, err = _run(capsys, "clients", "doc-add", client, "corporate_register", str(fake), "--issued", TODAY)
    assert code == 2 and "register.pdf" in err
    sheet = tmp_path / "register.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    code, _, err = _run(capsys, "clients", "doc-add", client, "corporate_register", str(sheet), "--issued", TODAY)
    assert code == 2 and "pdf" in err
    code, _, err = _run(capsys, "clients", "doc-add", "999", "corporate_register", pdf, "--issued", TODAY)
    assert code == 2
    code, out, _ = _run(capsys, "clients", "docs", client, "--json")
    assert code == 0 and json.loads(out) == []
    code, _, err = _run(capsys, "clients", "doc-remove", "12345")
    assert code == 2


def test_pdf_checklist_and_appended_files_take_the_clients_document(
        book: dict[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    app = str(book["a"])
    before = tmp_path / "before.pdf"
    code, _, err = _run(capsys, "apps", "pdf", app, "-o", str(before), "--today", TODAY)
    assert code == 0, err
    for kind, name in (("corporate_register", "corporate-register.pdf"), ("sme_certificate", "sme-certificate.pdf")):
        code, _, err = _run(capsys, "clients", "doc-add", str(book["client"]), kind, str(FILES / name),
                            "--issued", "2024-01-20")
        assert code == 0, err
    after = tmp_path / "after.pdf"
    code, _, err = _run(capsys, "apps", "pdf", app, "-o", str(after), "--today", TODAY)
    assert code == 0, err
    extra = sum(len(PdfReader(FILES / n).pages) for n in ("corporate-register.pdf", "sme-certificate.pdf"))
    assert len(PdfReader(after).pages) >= len(PdfReader(before).pages) + extra
    text = "".join(page.extract_text() or "" for page in PdfReader(after).pages)
    assert "corporate-register.pdf" in text and "고객사 보관 서류" in text


def test_stored_document_files_outlive_attachment_clean_up(book: dict[str, int]) -> None:
    with Desk.open(auto_backup=False) as desk:
        doc = desk.documents.add(book["client"], "tax_certificate", FILES / "tax-certificates.pdf",
                                 __import__("datetime").date(2024, 2, 1))
        assert doc.sha256 in attachment_rows.referenced_hashes(desk.store.db)
        assert attachment_rows.is_referenced(desk.store.db, doc.sha256)
        assert desk.documents.path(doc.id).is_file()


def test_the_catalogue_is_data_checked_strictly(tmp_path: Path) -> None:
    kinds = catalogue().kinds
    assert kinds["corporate_register"].max_age_months == 3
    assert kinds["sme_certificate"].valid_until == "03-31"
    bad = tmp_path / "documents.yaml"
    bad.write_text("documents:\n"
                   "  - id: register\n"
                   "    label: {ko: 등기, en: Register}\n"
                   "    max_age_months: 3\n"
                   "    max_age_days: 30\n"
                   "  - id: sme\n"
                   "    label: {ko: 확인서, en: Certificate}\n"
                   "    valid_until: \"02-30\"\n"
                   "    colour: red\n", encoding="utf-8")
    with pytest.raises(FormDefinitionError) as caught:
        parse(bad)
    text = str(caught.value)
    assert f"{bad}:2: documents[0]: give exactly one of" in text
    assert f"{bad}:8: documents[1].valid_until: expected a day of the year" in text
    assert f"{bad}:9: documents[1].colour: unknown key" in text


def test_a_form_naming_an_unknown_document_kind_is_refused_at_load() -> None:
    text = (FIXTURES.parent.parent / "forms" / "ai-voucher-2024.yaml").read_text(encoding="utf-8")
    broken = text.replace("    document: corporate_register", "    document: corporate_registry", 1)
    line = broken.splitlines().index("    document: corporate_registry") + 1
    with pytest.raises(FormDefinitionError) as caught:
        parse_form(broken, "ai-voucher-2024.yaml")
    assert f"ai-voucher-2024.yaml:{line}: attachments[1].document: unknown client document kind " \
           "'corporate_registry' (known: brn_certificate, corporate_register" in str(caught.value)
