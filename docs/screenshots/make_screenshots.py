"""Regenerate the README screenshots from a fresh demo kabupaten (offscreen, synthetic data).

Usage: python docs/screenshots/make_screenshots.py [--pegawai 3000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

OUT = Path(__file__).parent


def save_small(image, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Save as a 256-colour PNG (median cut, no dithering): a UI screenshot stays crisp at a third of the size."""
    from PIL import Image  # ships with ReportLab
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    import io

    picture = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pegawai", type=int, default=3000)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="mutasi-shots-"))
    os.environ["MUTASI_HOME"] = str(home)

    from PySide6.QtCore import QCoreApplication

    from mutasi_desktop.db.migrate import open_database
    from mutasi_desktop.domain.roles import SYSTEM
    from mutasi_desktop.services.demo import build_demo
    from mutasi_desktop.ui.app import make_application
    from mutasi_desktop.ui.app_context import AppContext
    from mutasi_desktop.ui.main_window import MainWindow
    from mutasi_desktop.ui.pegawai.pegawai_dialog import PegawaiDialog
    from mutasi_desktop.ui.tasks import TaskRunner

    app = make_application()
    db = open_database(f"sqlite:///{home / 'demo.db'}").database
    build_demo(db, pegawai=args.pegawai)
    ctx = AppContext(db=db, actor=SYSTEM, tasks=TaskRunner(app))
    window = MainWindow(ctx)
    window.resize(1280, 800)
    window.show()

    def settle() -> None:
        for _ in range(3):
            ctx.tasks.wait_idle()
            QCoreApplication.processEvents()

    def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
        settle()
        image = widget.grab().toImage()
        save_small(image, OUT / f"{name}.png")

    settle()
    window.navigate("beranda")
    shot(window, "beranda")
    window.navigate("pegawai")
    page = window.current_page()
    shot(window, "pegawai")
    page.search.setText("siti")  # type: ignore[union-attr]
    page.apply_filter()  # type: ignore[union-attr]
    shot(window, "pegawai-cari")
    dialog = PegawaiDialog(ctx, page.model.row_at(0).id, parent=window)  # type: ignore[union-attr]
    dialog.show()
    shot(dialog, "pegawai-detail")
    dialog.dirty = False
    dialog.close()
    window.navigate("organisasi")
    shot(window, "organisasi-formasi")
    window.close()
    ctx.tasks.shutdown()
    db.dispose()


if __name__ == "__main__":
    main()
