"""Draw the application icon with QPainter and write it as PNG, ICO (Windows) and ICNS (macOS).

    .venv/bin/python scripts/make_icon.py      # rewrites resources/icons/voucher-desk.{png,ico,icns}

The icon is a white voucher ticket (notched sides, a perforation, a check mark) on a blue
rounded square. It is drawn once at 1024 px and scaled down; ICO and ICNS are plain containers
of PNG images, written here without extra packages. The outputs are committed; run this again
only to change the drawing.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "resources" / "icons"
MASTER = 1024
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}


def draw(size: int = MASTER):  # -> QImage (PySide6 is imported lazily so --help stays cheap)
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QImage, QLinearGradient, QPainter, QPainterPath, QPen

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / MASTER, size / MASTER)

    gradient = QLinearGradient(0, 0, 0, MASTER)
    gradient.setColorAt(0.0, QColor("#2f6fd0"))
    gradient.setColorAt(1.0, QColor("#173f86"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(gradient))
    p.drawRoundedRect(QRectF(40, 40, 944, 944), 210, 210)

    p.translate(512, 520)
    p.rotate(-10)
    ticket = QPainterPath()
    ticket.addRoundedRect(QRectF(-380, -230, 760, 460), 56, 56)
    for x in (-380, 380):
        notch = QPainterPath()
        notch.addEllipse(QPointF(x, 0), 70, 70)
        ticket = ticket.subtracted(notch)
    p.setBrush(QColor(0, 0, 0, 60))  # soft shadow
    p.drawPath(ticket.translated(0, 26))
    p.setBrush(QColor("#ffffff"))
    p.drawPath(ticket)

    perforation = QPen(QColor("#9fb6dc"), 18, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.RoundCap)
    perforation.setDashPattern([0.1, 2.4])
    p.setPen(perforation)
    p.drawLine(QPointF(170, -190), QPointF(170, 190))

    check = QPainterPath(QPointF(-250, 10))
    check.lineTo(QPointF(-120, 135))
    check.lineTo(QPointF(90, -120))
    p.setPen(QPen(QColor("#1f9d63"), 74, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(check)

    p.setPen(QPen(QColor("#2f6fd0"), 30, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for y in (-90, 0, 90):  # the stub's lines of text
        p.drawLine(QPointF(240, y), QPointF(320, y))
    p.end()
    return image


def png_bytes(image, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt

    scaled = image if image.width() == size else image.scaled(
        size, size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    scaled.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR + one ICONDIRENTRY per size + the PNG images (Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    return header + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(ICNS_TYPES[s] + struct.pack(">I", 8 + len(d)) + d for s, d in sorted(pngs.items()))
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    master = draw()
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    sizes = sorted(set(ICO_SIZES) | set(ICNS_TYPES))
    pngs = {size: png_bytes(master, size) for size in sizes}
    (ICON_DIR / "voucher-desk.png").write_bytes(pngs[256])
    (ICON_DIR / "voucher-desk.ico").write_bytes(ico({s: pngs[s] for s in ICO_SIZES}))
    (ICON_DIR / "voucher-desk.icns").write_bytes(icns({s: pngs[s] for s in ICNS_TYPES}))
    del app
    for name in ("voucher-desk.png", "voucher-desk.ico", "voucher-desk.icns"):
        print(f"{ICON_DIR / name} ({(ICON_DIR / name).stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
