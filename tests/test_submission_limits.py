"""The notice's upload limits: an export that breaks one says so, with the fix, never silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.submission import Limits, check_files

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "answers" / "cloud-voucher-2021-sme.json"


def test_each_limit_and_its_fix(tmp_path: Path) -> None:
    big = tmp_path / "plan.pdf"
    big.write_bytes(b"%PDF" + b"0" * (3 * 1024 * 1024))
    other = tmp_path / "deck.pptx"
    other.write_bytes(b"x")
    limits = Limits(max_mb=2, single_file=True, types=("pdf", "hwpx"))
    found = {b.code: b for b in check_files(limits, [big, other])}
    assert found["size"].fix == "split" and "2MB" in found["size"].message_ko and "3.0 MB" in found["size"].message_en
    assert found["type"].fix == "convert" and "deck.pptx" in found["type"].message_en
    assert found["files"].fix == "merge"
    scanned = check_files(limits, [big], has_images=True)
    assert scanned[0].fix == "recompress" and "150 dpi" in scanned[0].message_en
    assert check_files(Limits(max_mb=10, single_file=True, types=("pdf",)), [big]) == []


def test_limits_come_from_the_edition_settings() -> None:
    from desktop_app.forms import find_form

    form = find_form("cloud-voucher@2021")
    limits = Limits.of({k: s.value for k, s in form.settings.items()})
    assert limits == Limits(max_mb=10.0, single_file=True, types=("pdf", "hwp", "hwpx"))


def test_pdf_and_hwpx_exports_warn_over_the_upload_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    form_src = (ROOT / "forms" / "cloud-voucher-2021.yaml").read_text(encoding="utf-8")
    tiny = form_src.replace("  upload_max_mb:\n    value: 10\n", "  upload_max_mb:\n    value: 0.001\n", 1)
    assert tiny != form_src
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "cloud-voucher-2021.hwpx").write_bytes(
        (ROOT / "forms" / "templates" / "cloud-voucher-2021.hwpx").read_bytes())
    form_file = tmp_path / "cloud-voucher-2021.yaml"
    form_file.write_text(tiny, encoding="utf-8")
    for out in (tmp_path / "x.pdf", tmp_path / "x.hwpx"):
        kind = "pdf" if out.suffix == ".pdf" else "hwpx"
        assert main([kind, str(form_file), str(SAMPLE), "-o", str(out), "--today", "2021-03-10"]) == 0
        err = capsys.readouterr().err
        assert out.exists()
        assert f"warning: {out.name}: " in err and "업로드 한도 0.001MB를 넘습니다" in err, err
