"""Indonesian texts for Qt's own widgets: standard buttons (Yes/No/Cancel), the right-click menu
of every text field (Undo/Copy/Paste), spin boxes and scroll bars, and Qt's own file dialog.

Qt ships no Indonesian translation of qtbase, so without this every QMessageBox.question would
ask in Indonesian and answer in English, and a clerk right-clicking a NIP to copy it would read
"Copy / Paste / Select All". The app's own strings go through tr() as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

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

# The right-click menu of QLineEdit (every search box and form field) and of the multi-line
# editors (QWidgetTextControl); Qt appends the shortcut ("\tCtrl+C") itself.
_EDIT_MENU = {
    "&Undo": "&Urungkan",
    "&Redo": "Ula&ngi",
    "Cu&t": "Poton&g",
    "&Copy": "&Salin",
    "Copy &Link Location": "Salin &Alamat Tautan",
    "&Paste": "&Tempel",
    "Delete": "Hapus",
    "Select All": "Pilih Semua",
    "&Select All": "&Pilih Semua",
}
_SPIN_BOX = {**_EDIT_MENU, "&Step up": "&Naikkan", "Step &down": "&Turunkan"}
_SCROLL_BAR = {
    "Scroll here": "Gulir ke sini",
    "Left edge": "Tepi kiri",
    "Top": "Paling atas",
    "Right edge": "Tepi kanan",
    "Bottom": "Paling bawah",
    "Page left": "Satu halaman ke kiri",
    "Page up": "Satu halaman ke atas",
    "Page right": "Satu halaman ke kanan",
    "Page down": "Satu halaman ke bawah",
    "Scroll left": "Gulir ke kiri",
    "Scroll up": "Gulir ke atas",
    "Scroll right": "Gulir ke kanan",
    "Scroll down": "Gulir ke bawah",
}
# Qt's own file dialog (used where the desktop offers no native one, e.g. a bare Linux session).
_FILE_DIALOG = {
    "&Look in:": "&Lihat di:",
    "Look in:": "Lihat di:",
    "File &name:": "&Nama berkas:",
    "Files of &type:": "&Jenis berkas:",
    "&Open": "&Buka",
    "&Save": "&Simpan",
    "&Choose": "&Pilih",
    "Open": "Buka",
    "Save As": "Simpan Sebagai",
    "Back": "Kembali",
    "Forward": "Maju",
    "Parent Directory": "Folder Induk",
    "Create New Folder": "Buat Folder Baru",
    "List View": "Tampilan Daftar",
    "Detail View": "Tampilan Rinci",
    "New Folder": "Folder Baru",
    "&New Folder": "Folder &Baru",
    "&Rename": "&Ganti Nama",
    "&Delete": "&Hapus",
    "Show &hidden files": "Tampilkan berkas &tersembunyi",
    "Directory:": "Folder:",
    "Directories": "Folder",
    "Find Directory": "Cari Folder",
    "All Files (*)": "Semua Berkas (*)",
    "%1 already exists.\nDo you want to replace it?": "%1 sudah ada.\nGanti berkas tersebut?",
    "Are you sure you want to delete '%1'?": "Yakin ingin menghapus '%1'?",
}
_FILE_SYSTEM_MODEL = {
    "Name": "Nama",
    "Size": "Ukuran",
    "Type": "Jenis",
    "Date Modified": "Tanggal Diubah",
    "Computer": "Komputer",
    "My Computer": "Komputer Saya",
}
_BY_CONTEXT = {
    "QLineEdit": _EDIT_MENU,
    "QWidgetTextControl": _EDIT_MENU,
    "QAbstractSpinBox": _SPIN_BOX,
    "QScrollBar": _SCROLL_BAR,
    "QFileDialog": _FILE_DIALOG,
    "QFileSystemModel": _FILE_SYSTEM_MODEL,
}


class IndonesianQtTexts(QTranslator):
    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None (a null QString) means "no translation here": Qt then keeps the source text. An
        # empty string would be taken as the translation and blank every label in the app.
        if context in _CONTEXTS:
            return _BUTTONS.get(source_text)
        texts = _BY_CONTEXT.get(context)
        return texts.get(source_text) if texts is not None else None

    def isEmpty(self) -> bool:
        return False


def install(app: QCoreApplication) -> IndonesianQtTexts:
    """Install on ``app``; keep the returned object alive as long as the app (Qt does not own it)."""
    translator = IndonesianQtTexts(app)
    app.installTranslator(translator)
    return translator


def use_indonesian_locale() -> None:
    """Indonesian month and day names in every calendar pop-up (QDateEdit on the SK, laporan and
    audit screens), whatever the language Windows was installed in; numbers read "2,5" as written
    in Indonesia. Widgets created afterwards follow it."""
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
