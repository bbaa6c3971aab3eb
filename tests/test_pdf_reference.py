"""The first page of each shipped form looks as it did: rendered with its first sample,
rasterised by pdftoppm at 40 dpi and compared with the stored reference (a few percent of the
pixels may differ, e.g. anti-aliasing on another poppler). After an intended layout change run
`.venv/bin/python tests/fixtures/pdf_reference/make_references.py` and look at the images."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFS = ROOT / "tests" / "fixtures" / "pdf_reference"
TOLERANCE = 0.02  # share of pixels that may differ by more than a quarter of the grey range
FORMS = sorted((ROOT / "forms").glob("*.yaml"))


def _maker():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_references", REFS / "make_references.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
@pytest.mark.parametrize("form_file", FORMS, ids=[f.stem for f in FORMS])
def test_first_page_matches_the_reference(form_file: Path, tmp_path: Path) -> None:
    from PIL import Image, ImageChops

    reference = REFS / f"{form_file.stem}.png"
    # a missing or stale reference fails: a new programme ships its first page, looked at
    assert reference.exists(), (f"no reference for {form_file.name}: run tests/fixtures/pdf_reference/"
                                f"make_references.py {form_file.stem} and look at the image")
    maker = _maker()
    manifest = json.loads((REFS / "manifest.json").read_text(encoding="utf-8"))
    sample = maker.sample_for(form_file)
    assert manifest.get(form_file.stem) == (sample.name if sample else None), (
        f"{form_file.stem}: reference made from {manifest.get(form_file.stem)}, "
        f"first sample now {sample.name if sample else None}; regenerate it")
    fresh = tmp_path / "page.png"
    maker.first_page_png(form_file, fresh)
    with Image.open(reference) as ref_im, Image.open(fresh) as new_im:
        a, b = ref_im.convert("L"), new_im.convert("L")
        assert a.size == b.size
        diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 64 else 0)
        histogram = diff.histogram()
        ratio = histogram[255] / (a.size[0] * a.size[1])
    if ratio > TOLERANCE:
        diff.save(tmp_path / "diff.png")
    assert ratio <= TOLERANCE, (f"{ratio:.1%} of the pixels differ (see {tmp_path / 'diff.png'}); "
                                "regenerate with make_references.py if the change is intended")
