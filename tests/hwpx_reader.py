"""An independent reader of HWPX files for tests: zipfile + lxml over the OWPML XML, nothing
from python-hwpx, so a fill is checked by something that did not write it."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from lxml import etree

HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"
HC = "http://www.hancom.co.kr/hwpml/2011/core"
OPF = "http://www.idpf.org/2007/opf/"
NS = {"hp": HP, "hc": HC, "opf": OPF}


@dataclass
class Package:
    data: bytes

    def __post_init__(self) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(self.data))
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        self.section = etree.fromstring(self.zip.read("Contents/section0.xml"), parser)
        self.hpf = etree.fromstring(self.zip.read("Contents/content.hpf"), parser)

    def tables(self) -> list[etree._Element]:
        """Top-level tables in document order (not tables nested in a cell)."""
        return [t for t in self.section.iter(f"{{{HP}}}tbl")
                if not any(a.tag == f"{{{HP}}}tc" for a in t.iterancestors())]

    def cell(self, table: int, row: int, column: int) -> etree._Element | None:
        """The hp:tc at 1-based (row, column) of the 1-based `table` (its anchor address)."""
        for tc in self.tables()[table - 1].iter(f"{{{HP}}}tc"):
            addr = tc.find(f"{{{HP}}}cellAddr")
            if addr is not None and int(addr.get("rowAddr")) == row - 1 and int(addr.get("colAddr")) == column - 1:
                return tc
        return None

    def text(self, table: int, row: int, column: int) -> str:
        tc = self.cell(table, row, column)
        assert tc is not None, f"no cell at table {table} row {row} column {column}"
        return cell_text(tc)

    def row_count(self, table: int) -> int:
        return len(self.tables()[table - 1].findall(f"{{{HP}}}tr"))

    def manifest(self) -> dict[str, str]:
        return {i.get("id"): i.get("href") for i in self.hpf.iter(f"{{{OPF}}}item")}


def cell_text(tc: etree._Element) -> str:
    paragraphs = tc.find(f"{{{HP}}}subList").findall(f"{{{HP}}}p")
    return "\n".join("".join(t.text or "" for t in p.iter(f"{{{HP}}}t")) for p in paragraphs)


def well_formed_problems(data: bytes) -> list[str]:
    """Package structure: mimetype first and stored, every manifest href present, every BinData
    part in the manifest, the container naming content.hpf."""
    problems = []
    zf = zipfile.ZipFile(io.BytesIO(data))
    first = zf.infolist()[0]
    if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
        problems.append("mimetype is not the first, stored member")
    if zf.read("mimetype") != b"application/hwp+zip":
        problems.append("wrong mimetype")
    names = set(zf.namelist())
    pkg = Package(data)
    hrefs = set(pkg.manifest().values())
    problems += [f"manifest names missing {h}" for h in hrefs if h not in names]
    problems += [f"{n} not in the manifest" for n in names if n.startswith("BinData/") and n not in hrefs]
    container = etree.fromstring(zf.read("META-INF/container.xml"))
    roots = [r.get("full-path") for r in container.iter("{*}rootfile")]
    if "Contents/content.hpf" not in roots:
        problems.append(f"container does not name content.hpf: {roots}")
    return problems
