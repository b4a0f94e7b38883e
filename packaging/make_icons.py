"""Draw the app icon (resources/icons/app.svg) into the files the desktop bundles need.

Writes, from the one SVG, with Qt only (no Pillow, no iconutil, no ImageMagick):

- ``packaging/icons/cookie-inspector.ico``: Windows, PNG entries at 16, 24, 32, 48, 64, 128
  and 256 px (PNG entries are read by Windows Vista and later);
- ``packaging/icons/cookie-inspector.icns``: macOS, PNG entries ``icp4``, ``icp5``, ``ic07`` to
  ``ic14`` (16 px to 1024 px, with the Retina "@2x" variants);
- ``packaging/icons/cookie-inspector-1024.png``: the largest rendering, for stores and docs;
- ``packaging/linux/icons/hicolor/<n>x<n>/apps/io.github.cookie_inspector.CookieInspector.png``
  at 16, 32, 48, 64, 128, 256 and 512 px, and the SVG under ``scalable/apps``.

Run from the checkout after changing the SVG, and commit the results:

    .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "app.svg"
APP_ID = "io.github.cookie_inspector.CookieInspector"
ICONS = ROOT / "packaging" / "icons"
HICOLOR = ROOT / "packaging" / "linux" / "icons" / "hicolor"

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
LINUX_SIZES = (16, 32, 48, 64, 128, 256, 512)
# ICNS element types holding PNG data, and the pixel size each one holds.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn on a transparent square of ``size`` pixels, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"Qt could not encode a {size} px PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file: a 6-byte header, one 16-byte directory entry per image, then the PNGs."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    directory, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + directory + images


def icns(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file: 'icns' and the total length, then (type, length, PNG) elements."""
    body = b""
    for kind, size in ICNS_TYPES:
        data = pngs[size]
        body += kind + struct.pack(">I", 8 + len(data)) + data
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        sys.stderr.write(f"Qt cannot read {SOURCE}\n")
        return 1
    wanted = set(ICO_SIZES) | set(LINUX_SIZES) | {size for _, size in ICNS_TYPES}
    pngs = {size: render_png(renderer, size) for size in sorted(wanted)}

    ICONS.mkdir(parents=True, exist_ok=True)
    written = []
    target = ICONS / "cookie-inspector.ico"
    target.write_bytes(ico({size: pngs[size] for size in ICO_SIZES}))
    written.append(target)
    target = ICONS / "cookie-inspector.icns"
    target.write_bytes(icns(pngs))
    written.append(target)
    target = ICONS / "cookie-inspector-1024.png"
    target.write_bytes(pngs[1024])
    written.append(target)
    for size in LINUX_SIZES:
        target = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])
        written.append(target)
    target = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, target)
    written.append(target)
    for path in written:
        print(f"{path.relative_to(ROOT)}  ({path.stat().st_size} bytes)")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
