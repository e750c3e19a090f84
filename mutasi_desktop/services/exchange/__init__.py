"""Exchange packages between offices (a UPT or cabang dinas and its BKPSDM, by USB stick or e-mail).

- :mod:`identity`: this office's kode and key pair, and the partner offices it trusts;
- :mod:`package_format`: the signed (optionally encrypted) zip file;
- :mod:`records`: which tables travel and how a row becomes a portable record;
- :mod:`export_service` / :mod:`import_service`: the use cases, with preview and conflicts.
"""

from mutasi_desktop.services.exchange.export_service import HasilEkspor, catat_dasar_bersama, ekspor_paket
from mutasi_desktop.services.exchange.identity import (
    IdentitasKantor,
    Mitra,
    atur_cakupan,
    atur_kepercayaan,
    buat_identitas,
    daftar_mitra,
    lihat_identitas,
    tambah_mitra,
)
from mutasi_desktop.services.exchange.import_service import (
    HasilImpor,
    Pratinjau,
    RekamPratinjau,
    impor_paket,
    pratinjau_paket,
)
from mutasi_desktop.services.exchange.package_format import PaketDitolak
from mutasi_desktop.services.exchange.plan import AksiRekam, Pilihan

__all__ = [
    "AksiRekam",
    "HasilEkspor",
    "HasilImpor",
    "IdentitasKantor",
    "Mitra",
    "PaketDitolak",
    "Pilihan",
    "Pratinjau",
    "RekamPratinjau",
    "atur_cakupan",
    "atur_kepercayaan",
    "buat_identitas",
    "catat_dasar_bersama",
    "daftar_mitra",
    "ekspor_paket",
    "impor_paket",
    "lihat_identitas",
    "pratinjau_paket",
    "tambah_mitra",
]
