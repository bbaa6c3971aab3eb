"""The notice's submission limits of an edition (settings) and what an export breaks of them.

Settings with these names carry the limits (forms/README.md, Submission limits):
`upload_max_mb` (size per uploaded file), `upload_single_file` (one merged file per item),
`upload_types` (accepted suffixes). An export never breaks one silently: each broken limit
comes back as a Breach with the fix the window and the CLI offer (split the file, or
re-compress attached images to a stated resolution).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUBMISSION_SETTINGS = ("upload_max_mb", "upload_single_file", "upload_types")
RECOMPRESS_DPI = 150        # what attached scans are re-compressed to when a file is too large
MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_mb: float | None = None
    single_file: bool | None = None
    types: tuple[str, ...] = ()

    @classmethod
    def of(cls, settings: dict[str, Any]) -> Limits:
        types = settings.get("upload_types") or ()
        mb = settings.get("upload_max_mb")
        single = settings.get("upload_single_file")
        return cls(float(mb) if isinstance(mb, int | float) and not isinstance(mb, bool) else None,
                   single if isinstance(single, bool) else None,
                   tuple(str(t).lower() for t in (types if isinstance(types, list | tuple) else [types])))


@dataclass(frozen=True)
class Breach:
    code: str           # "size" | "type" | "files"
    message_ko: str
    message_en: str
    fix: str            # "split" | "recompress" | "convert" | "merge"

    def message(self, lang: str = "ko") -> str:
        return self.message_en if lang == "en" else self.message_ko


def check_files(limits: Limits, files: list[Path], *, has_images: bool = False,
                sizes: dict[Path, int] | None = None) -> list[Breach]:
    """What `files` (the export's output) break of `limits`; `sizes` for files not yet in place."""
    out: list[Breach] = []
    for f in files:
        suffix = f.suffix.lower().lstrip(".")
        if limits.types and suffix not in limits.types:
            out.append(Breach("type", f"{f.name}: 접수 가능한 형식({', '.join(limits.types)})이 아닙니다",
                              f"{f.name}: not an accepted type ({', '.join(limits.types)})", "convert"))
        size = (sizes or {}).get(f, f.stat().st_size if f.is_file() else 0)
        if limits.max_mb is not None and size > limits.max_mb * MiB:
            fix = "recompress" if has_images else "split"
            how_ko = (f"첨부 이미지를 {RECOMPRESS_DPI}dpi로 다시 압축하세요" if has_images
                      else "파일을 나누어 제출하세요")
            how_en = (f"re-compress the attached images to {RECOMPRESS_DPI} dpi" if has_images
                      else "split it into several files")
            out.append(Breach("size",
                              f"{f.name}: {size / MiB:.1f}MB로 업로드 한도 {limits.max_mb:g}MB를 넘습니다. {how_ko}",
                              f"{f.name}: {size / MiB:.1f} MB is over the {limits.max_mb:g} MB upload limit; {how_en}",
                              fix))
    if limits.single_file and len(files) > 1:
        out.append(Breach("files", f"항목당 파일 1개만 받습니다: {len(files)}개를 하나로 합치세요",
                          f"one file per item is accepted: merge the {len(files)} files into one", "merge"))
    return out


def breaches_of(form: Any, files: list[Path], *, has_images: bool = False,
                sizes: dict[Path, int] | None = None) -> list[Breach]:
    """What the written files break of `form`'s submission limits (its settings). Here, not in
    the façade: the answers-file `pdf` command calls it without opening a database."""
    limits = Limits.of({k: s.value for k, s in form.settings.items()})
    return check_files(limits, files, has_images=has_images, sizes=sizes)
