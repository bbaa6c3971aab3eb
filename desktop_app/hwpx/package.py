"""Opening an HWPX template that may be hostile: every check runs before python-hwpx sees it.

A template comes from a form author or an agency's notice page, so it is untrusted input: not a
zip, a zip bomb, member names that climb out of a folder, a gigantic XML part or an XML part with
entity declarations are refused with a message, before anything is decompressed past the zip's
declared sizes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from desktop_app.exchange.zipcheck import refuse_name
from desktop_app.hwpx.errors import TemplateRefused

MiB = 1024 * 1024
MAX_FILE_BYTES = 30 * MiB       # the template file itself
MAX_MEMBERS = 400
MAX_XML_BYTES = 16 * MiB        # one XML part, uncompressed
MAX_TOTAL_BYTES = 96 * MiB      # every member, uncompressed
MAX_RATIO = 100                 # uncompressed / compressed above RATIO_FLOOR
RATIO_FLOOR = 256 * 1024
MIMETYPE = b"application/hwp+zip"
REQUIRED = ("mimetype", "META-INF/container.xml", "Contents/content.hpf", "Contents/header.xml")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class TemplateBytes:
    """A template's bytes that passed the package checks, with where it came from."""

    name: str
    data: bytes


def _refused(code: str, name: str, ko: str, en: str) -> TemplateRefused:
    return TemplateRefused(code, f"{name}: {ko}", f"{name}: {en}")


def read_template(path: Path) -> TemplateBytes:
    """The checked bytes of the template file at `path` (raises TemplateRefused)."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _refused("too_large", name, f"서식 파일이 너무 큽니다({size // MiB} MB)",
                           f"the template is too large ({size // MiB} MB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _refused("not_found", name, "서식 파일이 없습니다", "the template file does not exist") from None
    except OSError as exc:
        raise _refused("unreadable", name, f"서식 파일을 읽을 수 없습니다({exc.strerror})",
                       f"cannot read the template ({exc.strerror})") from None
    return check_bytes(data, name)


def check_bytes(data: bytes, name: str) -> TemplateBytes:
    """Refuse anything but a plain, bounded OWPML package."""
    if data.startswith(OLE2_MAGIC):
        raise _refused("hwp5", name, "한/글 97~2018 형식(.hwp)입니다. 한/글에서 'HWPX'로 저장한 파일을 쓰세요",
                       "this is an old binary .hwp file; save it as HWPX in Hancom Office and use that")
    if not data.startswith(b"PK\x03\x04"):
        raise _refused("not_zip", name, "HWPX 서식이 아닙니다(zip 파일이 아님)",
                       "not an HWPX template (not a zip file)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _check_members(zf, name)
    except TemplateRefused:
        raise
    except Exception as exc:  # hostile input: any parser failure is "damaged"
        raise _refused("damaged", name, f"손상된 HWPX 파일입니다({exc})", f"a damaged HWPX file ({exc})") from None
    return TemplateBytes(name, data)


def _check_members(zf: zipfile.ZipFile, name: str) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refused("too_many", name, f"파일 안의 항목이 너무 많습니다({len(infos)}개)",
                       f"too many members in the package ({len(infos)})")
    total = 0
    for info in infos:
        why = refuse_name(info.filename)
        if why:
            raise _refused("bad_name", name, f"허용되지 않는 항목 이름 {info.filename!r}({why})",
                           f"unsafe member name {info.filename!r} ({why})")
        total += info.file_size
        if info.filename.endswith((".xml", ".hpf", ".rdf")) and info.file_size > MAX_XML_BYTES:
            raise _refused("huge_xml", name, f"{info.filename}: XML이 너무 큽니다({info.file_size // MiB} MB)",
                           f"{info.filename}: the XML part is too large ({info.file_size // MiB} MB)")
        big = info.file_size > RATIO_FLOOR
        if big and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refused("zip_bomb", name, f"{info.filename}: 압축 비율이 비정상적으로 큽니다(zip 폭탄)",
                           f"{info.filename}: abnormal compression ratio (a zip bomb)")
    if total > MAX_TOTAL_BYTES:
        raise _refused("too_large", name, f"압축을 푼 크기가 너무 큽니다({total // MiB} MB)",
                       f"too large once unpacked ({total // MiB} MB)")
    names = {i.filename for i in infos}
    missing = [r for r in REQUIRED if r not in names]
    if missing or not any(n.startswith("Contents/section") for n in names):
        what = ", ".join(missing) or "Contents/section0.xml"
        raise _refused("not_hwpx", name, f"HWPX 구성 요소가 없습니다: {what}", f"not an HWPX package: missing {what}")
    first = infos[0]
    if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED \
            or zf.read(first)[:64].strip() != MIMETYPE:
        raise _refused("not_hwpx", name, "mimetype 항목이 맨 앞에 압축 없이 있어야 합니다",
                       "the mimetype member must come first, stored, as application/hwp+zip")
    for info in infos:
        if info.filename.endswith((".xml", ".hpf", ".rdf")):
            head = _bounded(zf, info)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise _refused("xml_entities", name, f"{info.filename}: XML에 DTD/엔티티 선언이 있습니다",
                               f"{info.filename}: the XML declares a DTD or entities")


def _bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with zf.open(info) as fh:
        data = fh.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise ValueError(f"{info.filename} is larger than it says")
    return data
