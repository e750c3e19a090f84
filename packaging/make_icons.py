"""Render the app icon ``resources/icons/mutasi.svg`` into ``mutasi.png`` (256 px, Linux .desktop,
window icon) and ``mutasi.ico`` (16-256 px, Windows executable and shortcuts).

The SVG is the source; run this after editing it and commit all three files:

    .venv/bin/python packaging/make_icons.py

Each size is rendered from the vector drawing (not scaled down from 256 px) so the small sizes
stay sharp. Needs PySide6 (QtSvg); the .ico is written with Pillow.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "mutasi.svg"
PNG = ICONS / "mutasi.png"
ICO = ICONS / "mutasi.ico"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def render_png(size: int) -> bytes:
    """The icon at ``size`` x ``size`` pixels as PNG bytes (transparent background)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes, the binding a str
    buffer.close()
    return bytes(data.data())


def write_ico(images: dict[int, bytes]) -> None:
    from PIL import Image

    frames = [Image.open(io.BytesIO(images[size])).convert("RGBA") for size in ICO_SIZES]
    largest = frames[-1]
    largest.save(ICO, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=frames[:-1])


def main() -> int:
    images = {size: render_png(size) for size in ICO_SIZES}
    PNG.write_bytes(images[256])
    write_ico(images)
    print(f"{PNG.name}: {PNG.stat().st_size} bytes; {ICO.name}: {ICO.stat().st_size} bytes, sizes {ICO_SIZES}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
