"""Indonesian texts for Qt's own standard buttons (Yes/No/Cancel in message boxes and dialogs).

Qt ships no Indonesian translation of qtbase, so without this every QMessageBox.question would
ask in Indonesian and answer in English. The app's own strings go through tr() as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

_BUTTONS = {
    "OK": "OK",
    "&OK": "&OK",
    "Save": "Simpan",
    "&Save": "&Simpan",
    "Save All": "Simpan Semua",
    "Open": "Buka",
    "&Yes": "&Ya",
    "Yes": "Ya",
    "Yes to &All": "Ya untuk &Semua",
    "&No": "&Tidak",
    "No": "Tidak",
    "N&o to All": "T&idak untuk Semua",
    "Abort": "Batalkan",
    "Retry": "Coba Lagi",
    "Ignore": "Abaikan",
    "Close": "Tutup",
    "&Close": "&Tutup",
    "Cancel": "Batal",
    "&Cancel": "&Batal",
    "Discard": "Buang",
    "Don't Save": "Jangan Simpan",
    "Close without Saving": "Tutup tanpa Menyimpan",
    "Help": "Bantuan",
    "Apply": "Terapkan",
    "Reset": "Atur Ulang",
    "Restore Defaults": "Kembalikan Bawaan",
    "Show Details...": "Tampilkan Rincian...",
    "Hide Details...": "Sembunyikan Rincian...",
}
_CONTEXTS = frozenset({"QPlatformTheme", "QDialogButtonBox", "QMessageBox", "QGnomeTheme", "QInputDialog"})


class IndonesianQtTexts(QTranslator):
    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None (a null QString) means "no translation here": Qt then keeps the source text. An
        # empty string would be taken as the translation and blank every label in the app.
        if context in _CONTEXTS:
            return _BUTTONS.get(source_text)
        return None

    def isEmpty(self) -> bool:
        return False


def install(app: QCoreApplication) -> IndonesianQtTexts:
    """Install on ``app``; keep the returned object alive as long as the app (Qt does not own it)."""
    translator = IndonesianQtTexts(app)
    app.installTranslator(translator)
    return translator
