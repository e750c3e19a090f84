"""Checking a printed verification code (or a scanned QR payload) against this database, offline.

Outcomes: the code is malformed (mistyped or altered: its check character fails), unknown here,
genuine (an SK or a petikan of this database whose frozen content still matches its hash and
code), genuine but superseded/cancelled, or the stored content was altered (hash or code mismatch).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import SkPetikan, SuratKeputusan
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.nip import format_nip
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.domain.verification_code import (
    KodeVerifikasiError,
    code_matches,
    content_sha256,
    format_code,
    normalize_code,
    parse_qr_payload,
)
from mutasi_desktop.services.office_settings_service import KEY_RAHASIA
from mutasi_desktop.services.settings_service import get_setting
from mutasi_desktop.services.sk_service import DIBATALKAN, DIGANTIKAN, SUBJEK_SK, subjek_petikan

ASLI = "ASLI"
ASLI_TIDAK_BERLAKU = "ASLI_TIDAK_BERLAKU"  # genuine, but superseded or cancelled
KODE_TIDAK_SAH = "KODE_TIDAK_SAH"
TIDAK_DIKENAL = "TIDAK_DIKENAL"
ISI_BERUBAH = "ISI_BERUBAH"


@dataclass(frozen=True)
class PegawaiTerverifikasi:
    nama: str
    nip: str  # formatted


@dataclass(frozen=True)
class HasilVerifikasi:
    status: str
    pesan: str
    kode: str = ""  # formatted
    jenis_dokumen: str = ""  # "SK" or "Petikan"
    sk_id: int | None = None
    nomor: str = ""
    tanggal: date | None = None
    tentang: str = ""
    status_sk: str = ""
    pegawai: tuple[PegawaiTerverifikasi, ...] = ()

    @property
    def asli(self) -> bool:
        return self.status in (ASLI, ASLI_TIDAK_BERLAKU)


def verifikasi_kode(db: Database, kode: str, *, by: Actor) -> HasilVerifikasi:
    """Tell whether ``kode`` (printed code or QR payload) belongs to an SK of this database."""
    require(by, Izin.LIHAT_DATA)
    qr_hash = ""
    try:
        if kode.strip().upper().startswith("MUTASI-SK|"):
            qr_hash = parse_qr_payload(kode).sha256_awal
        code = normalize_code(kode)
    except KodeVerifikasiError as exc:
        return HasilVerifikasi(status=KODE_TIDAK_SAH, pesan=exc.message)
    shown = format_code(code)
    with db.session() as s:
        petikan = s.scalar(select(SkPetikan).where(SkPetikan.kode_verifikasi == code))
        sk_id = petikan.sk_id if petikan else s.scalar(select(SuratKeputusan.id)
                                                       .where(SuratKeputusan.kode_verifikasi == code))
        if sk_id is None:
            return HasilVerifikasi(status=TIDAK_DIKENAL, kode=shown, pesan=(
                f"Kode {shown} tidak dikenal di basis data ini. Dokumen mungkin bukan terbitan kantor ini, "
                "atau kodenya telah diubah."))
        sk = s.get(SuratKeputusan, sk_id)
        assert sk is not None
        konten = sk.konten or {}
        pegawai_all = konten.get("pegawai", [])
        secret = get_setting(s, KEY_RAHASIA) or ""
    if petikan is not None:
        jenis = "Petikan"
        usul_order = _petikan_index(db, sk_id, petikan.usul_id)
        people = [pegawai_all[usul_order]] if 0 <= usul_order < len(pegawai_all) else []
        subject = subjek_petikan(people[0]["nip"]) if people else ""
    else:
        jenis, people, subject = "SK", pegawai_all, SUBJEK_SK
    base = HasilVerifikasi(
        status=ASLI, pesan="", kode=shown, jenis_dokumen=jenis, sk_id=sk_id, nomor=sk.nomor or "",
        tanggal=sk.tanggal_penetapan, tentang=sk.tentang or konten.get("tentang", ""), status_sk=sk.status,
        pegawai=tuple(PegawaiTerverifikasi(nama=p.get("nama", ""), nip=format_nip(p.get("nip", ""))) for p in people),
    )  # fmt: skip
    sha = content_sha256(konten) if konten else ""
    if not konten or sha != sk.konten_sha256 or not subject or not secret:
        return _with(base, ISI_BERUBAH, f"Kode {shown} terdaftar untuk SK {sk.nomor}, tetapi isi SK yang tersimpan "
                     "tidak cocok dengan sidiknya: data telah diubah. Jangan gunakan dokumen ini; hubungi administrator.")
    if not code_matches(secret, code, sha256=sha, subject=subject):
        return _with(base, ISI_BERUBAH, f"Kode {shown} tidak sesuai dengan isi SK {sk.nomor} yang tersimpan.")
    if qr_hash and not sha.startswith(qr_hash):
        return _with(base, ISI_BERUBAH, "Sidik isi pada kode QR tidak sesuai dengan SK yang tersimpan.")
    if sk.status in (DIGANTIKAN, DIBATALKAN):
        newer = ""
        with db.session() as s:
            newer = s.scalar(select(SuratKeputusan.nomor).where(SuratKeputusan.menggantikan_id == sk_id)) or ""
        why = f"telah digantikan oleh SK nomor {newer}" if sk.status == DIGANTIKAN and newer else "sudah tidak berlaku"
        return _with(base, ASLI_TIDAK_BERLAKU, f"{jenis} asli, tetapi SK nomor {sk.nomor} {why}.")
    return _with(base, ASLI, f"{jenis} asli: SK nomor {sk.nomor} tercatat di basis data ini dan isinya utuh.")


def _with(base: HasilVerifikasi, status: str, pesan: str) -> HasilVerifikasi:
    from dataclasses import replace

    return replace(base, status=status, pesan=pesan)


def _petikan_index(db: Database, sk_id: int, usul_id: int) -> int:
    with db.session() as s:
        ids = list(s.scalars(select(SkPetikan.usul_id).where(SkPetikan.sk_id == sk_id).order_by(SkPetikan.id)))
    if usul_id not in ids:
        raise DomainError("Data petikan tidak lengkap")
    return ids.index(usul_id)
