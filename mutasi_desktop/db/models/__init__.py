"""All mapped tables. Import from here so Alembic and the services see one metadata."""

from mutasi_desktop.db.models.keamanan import (
    AuditLog,
    KantorMitra,
    PaketPertukaran,
    Pengguna,
    PenggunaPeran,
    ProfilImpor,
)
from mutasi_desktop.db.models.keputusan import NomorCounter, NomorTemplate, SkPetikan, SuratKeputusan
from mutasi_desktop.db.models.organisasi import Formasi, Instansi, Jabatan, Penandatangan, Setting, UnitKerja
from mutasi_desktop.db.models.pegawai import (
    Aspirasi,
    Diklat,
    HukumanDisiplin,
    Pegawai,
    RiwayatJabatan,
    RiwayatPangkat,
    RiwayatPendidikan,
    Skp,
)
from mutasi_desktop.db.models.pertukaran import PertukaranRekam
from mutasi_desktop.db.models.usul import UsulBatch, UsulMutasi, UsulPersyaratan, UsulTransisi

__all__ = [
    "Aspirasi",
    "AuditLog",
    "Diklat",
    "Formasi",
    "HukumanDisiplin",
    "Instansi",
    "Jabatan",
    "KantorMitra",
    "NomorCounter",
    "NomorTemplate",
    "PaketPertukaran",
    "Pegawai",
    "Penandatangan",
    "Pengguna",
    "PenggunaPeran",
    "PertukaranRekam",
    "ProfilImpor",
    "RiwayatJabatan",
    "RiwayatPangkat",
    "RiwayatPendidikan",
    "Setting",
    "SkPetikan",
    "Skp",
    "SuratKeputusan",
    "UnitKerja",
    "UsulBatch",
    "UsulMutasi",
    "UsulPersyaratan",
    "UsulTransisi",
]
