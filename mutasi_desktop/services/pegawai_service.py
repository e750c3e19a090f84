"""Pegawai use cases: read one pegawai with his whole history, create, update, delete, history rows.

Every write requires ``Izin.KELOLA_PEGAWAI``, validates every field (``ValidasiGagal`` maps each
wrong field to an Indonesian message for the form), runs in one transaction, and checks the
``version`` the form loaded (a stale write reports who changed the row and when).
``tanggal_pensiun`` is never typed: it is derived from the birth date and the BUP of the jabatan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import (
    Aspirasi,
    Diklat,
    HukumanDisiplin,
    Jabatan,
    Pegawai,
    RiwayatJabatan,
    RiwayatPangkat,
    RiwayatPendidikan,
    Skp,
    UnitKerja,
    UsulMutasi,
)
from mutasi_desktop.domain.errors import DomainError, NipError
from mutasi_desktop.domain.golongan import golongan_by_id
from mutasi_desktop.domain.jabatan_kinds import JenisJabatan
from mutasi_desktop.domain.masking import mask_alamat, mask_email, mask_nik, mask_telepon
from mutasi_desktop.domain.nip import NipInfo, cross_check_nip, parse_nip
from mutasi_desktop.domain.pension import bup_for, tanggal_pensiun
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.services.concurrency import check_version, tracked_session
from mutasi_desktop.services.dto.riwayat_spec import RIWAYAT, FieldSpec, clean_value, clean_values
from mutasi_desktop.services.dto.validasi import FieldErrors, ValidasiGagal
from mutasi_desktop.services.opd_limit import require_unit_in_opd
from mutasi_desktop.services.pegawai_query import (
    KEDUDUKAN_KODE,
    STATUS_KEPEGAWAIAN_KODE,
    golongan_kode,
    nama_lengkap,
)

__all__ = [
    "PEGAWAI_FIELDS",
    "NipPreview",
    "PegawaiDetail",
    "RiwayatRecord",
    "SimpanHasil",
    "UsulRingkas",
    "ValidasiGagal",
    "create_pegawai",
    "delete_pegawai",
    "delete_riwayat",
    "get_pegawai",
    "preview_nip",
    "save_riwayat",
    "update_pegawai",
]

_MODELS: dict[str, type[Any]] = {
    "jabatan": RiwayatJabatan,
    "pangkat": RiwayatPangkat,
    "pendidikan": RiwayatPendidikan,
    "skp": Skp,
    "hukuman": HukumanDisiplin,
    "diklat": Diklat,
    "aspirasi": Aspirasi,
}

# Data utama of the form, in order. ``clean_value`` converts and checks each one.
PEGAWAI_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("nip", "NIP", "nip", required=True),
    FieldSpec("nama", "Nama", required=True, max_len=200),
    FieldSpec("gelar_depan", "Gelar depan", max_len=60),
    FieldSpec("gelar_belakang", "Gelar belakang", max_len=80),
    FieldSpec("tempat_lahir", "Tempat lahir", max_len=120),
    FieldSpec("tanggal_lahir", "Tanggal lahir", "date", required=True),
    FieldSpec("jenis_kelamin", "Jenis kelamin", "choice", required=True, choices=("L", "P")),
    FieldSpec("agama_id", "Agama", "int", min_value=1, max_value=7),
    FieldSpec("status_kawin", "Status perkawinan", max_len=20),
    FieldSpec("nik", "NIK", max_len=16),
    FieldSpec("nip_lama", "NIP lama", max_len=9),
    FieldSpec("status_kepegawaian", "Status kepegawaian", "choice", required=True, choices=STATUS_KEPEGAWAIAN_KODE),
    FieldSpec("kedudukan", "Kedudukan", "choice", required=True, choices=KEDUDUKAN_KODE),
    FieldSpec("golongan_id", "Golongan", "golongan"),
    FieldSpec("tmt_golongan", "TMT golongan", "date"),
    FieldSpec("jabatan_id", "Jabatan", "jabatan"),
    FieldSpec("unit_id", "Unit kerja", "unit"),
    FieldSpec("tmt_jabatan", "TMT jabatan", "date"),
    FieldSpec("pendidikan_tingkat", "Tingkat pendidikan", "tingkat"),
    FieldSpec("pendidikan_jurusan", "Jurusan", max_len=200),
    FieldSpec("pendidikan_tahun_lulus", "Tahun lulus", "int", min_value=1940, max_value=2100),
    FieldSpec("tmt_cpns", "TMT CPNS", "date"),
    FieldSpec("tmt_pns", "TMT PNS", "date"),
    FieldSpec("telepon", "Telepon", max_len=40),
    FieldSpec("email", "Surel", max_len=120),
    FieldSpec("alamat", "Alamat", "longtext"),
    FieldSpec("catatan", "Catatan", "longtext"),
)
# Personal data a user without Izin.LIHAT_DATA_PRIBADI (a Pembaca) sees masked, as in the exports.
_PRIVATE_FIELDS = {"nik": mask_nik, "telepon": mask_telepon, "email": mask_email, "alamat": mask_alamat}
_DEFAULT_BUP = 58  # pelaksana (UU 20/2023 Pasal 55) when no jabatan is recorded


@dataclass(frozen=True)
class RiwayatRecord:
    """One history row: its id, version (for optimistic locking) and the values of its fields."""

    id: int
    version: int
    values: Mapping[str, Any]
    locked_reason: str = ""  # non-empty when the row may not be edited or deleted here


@dataclass(frozen=True)
class UsulRingkas:
    id: int
    nomor: str
    jenis_mutasi: str
    status: str
    asal: str
    tujuan: str
    tmt: date | None
    created_at: datetime | None


@dataclass(frozen=True)
class PegawaiDetail:
    id: int
    version: int
    updated_by: str | None
    updated_at: datetime | None
    values: Mapping[str, Any]  # every PEGAWAI_FIELDS name -> stored value
    nama_lengkap: str
    golongan: str
    jabatan: str
    jenis_jabatan: str
    unit: str
    tanggal_pensiun: date | None
    riwayat: Mapping[str, tuple[RiwayatRecord, ...]]
    usul: tuple[UsulRingkas, ...]
    # Why the reader may not change this pegawai although its role may (Batas OPD), or "".
    di_luar_opd: str = ""


@dataclass(frozen=True)
class SimpanHasil:
    id: int
    version: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class NipPreview:
    """What the form fills in as the clerk types a NIP."""

    valid: bool
    message: str  # the error, or "" when valid
    tanggal_lahir: date | None = None
    jenis_kelamin: str | None = None
    tmt_cpns: date | None = None
    kemungkinan_pppk: bool = False
    warnings: tuple[str, ...] = ()


def preview_nip(raw: str, *, tanggal_lahir: date | None = None, jenis_kelamin: str | None = None,
                status_kepegawaian: str | None = None) -> NipPreview:
    """Decode a typed NIP and cross-check it against what the form already holds."""
    try:
        info = parse_nip(raw)
    except NipError as exc:
        return NipPreview(valid=False, message=exc.message)
    warnings = list(info.warnings)
    warnings += cross_check_nip(info, tanggal_lahir=tanggal_lahir, jenis_kelamin=jenis_kelamin,
                                jenis_pegawai=status_kepegawaian)
    return NipPreview(valid=True, message="", tanggal_lahir=info.tanggal_lahir, jenis_kelamin=info.jenis_kelamin,
                      tmt_cpns=info.tmt_cpns, kemungkinan_pppk=info.kemungkinan_pppk, warnings=tuple(warnings))


# ----------------------------------------------------------------------------------- reading


def _record(spec_kind: str, row: Any) -> RiwayatRecord:
    spec = RIWAYAT[spec_kind]
    values = {f.name: getattr(row, f.name) for f in spec.fields}
    locked = ""
    if spec_kind == "jabatan" and (row.usul_id is not None or row.dibatalkan or row.membatalkan_id is not None):
        locked = "Riwayat jabatan hasil SK mutasi hanya dapat dikoreksi melalui SK koreksi/pembatalan"
    return RiwayatRecord(id=row.id, version=row.version, values=values, locked_reason=locked)


def get_pegawai(db: Database, actor: Actor, pegawai_id: int) -> PegawaiDetail:
    """One pegawai with every history table and his usul mutasi, newest first."""
    require(actor, Izin.LIHAT_DATA)
    with db.session() as s:
        p = s.get(Pegawai, pegawai_id)
        if p is None:
            raise DomainError(f"Pegawai dengan id {pegawai_id} tidak ditemukan (mungkin sudah dihapus)")
        jabatan = s.get(Jabatan, p.jabatan_id) if p.jabatan_id else None
        unit = s.get(UnitKerja, p.unit_id) if p.unit_id else None
        riwayat: dict[str, tuple[RiwayatRecord, ...]] = {}
        for kind, model in _MODELS.items():
            spec = RIWAYAT[kind]
            order = [getattr(model, name).desc() for name in spec.order_by] + [model.id.desc()]
            rows = s.scalars(select(model).where(model.pegawai_id == p.id).order_by(*order)).all()
            riwayat[kind] = tuple(_record(kind, r) for r in rows)
        usul_rows = s.scalars(
            select(UsulMutasi).where(UsulMutasi.pegawai_id == p.id).order_by(UsulMutasi.created_at.desc())
        ).all()
        usul = tuple(
            UsulRingkas(
                id=u.id, nomor=u.nomor, jenis_mutasi=u.jenis_mutasi, status=u.status,
                asal=" — ".join(x for x in (u.asal_jabatan_nama, u.asal_unit_nama) if x),
                tujuan=" — ".join(x for x in (u.tujuan_jabatan_nama, u.tujuan_unit_nama or u.tujuan_instansi_nama) if x),
                tmt=u.tmt_pelaksanaan or u.tmt_rencana, created_at=u.created_at,
            )
            for u in usul_rows
        )
        values = {f.name: getattr(p, f.name) for f in PEGAWAI_FIELDS}
        if not actor.can(Izin.LIHAT_DATA_PRIBADI):  # read-only roles: never saved back
            values.update({name: mask(values[name]) or None for name, mask in _PRIVATE_FIELDS.items()})
        return PegawaiDetail(
            id=p.id, version=p.version, updated_by=p.updated_by, updated_at=p.updated_at,
            values=values,
            nama_lengkap=nama_lengkap(p.gelar_depan or "", p.nama, p.gelar_belakang or ""),
            golongan=golongan_kode(p.golongan_id), jabatan=jabatan.nama if jabatan else "",
            jenis_jabatan=jabatan.jenis if jabatan else "", unit=unit.nama if unit else "",
            tanggal_pensiun=p.tanggal_pensiun, riwayat=riwayat, usul=usul,
            di_luar_opd="" if actor.may_touch_unit(unit.path if unit else None) else (
                "Pegawai ini berada di luar OPD yang boleh Anda kelola: hanya dapat dilihat."),
        )


# ----------------------------------------------------------------------------------- writing


def _validate_pegawai(s: Session, raw: Mapping[str, Any], *, pegawai_id: int | None) -> tuple[dict[str, Any], list[str]]:
    errors = FieldErrors()
    values: dict[str, Any] = {}
    for spec in PEGAWAI_FIELDS:
        try:
            values[spec.name] = clean_value(spec, raw.get(spec.name))
        except DomainError as exc:
            errors.add(spec.name, exc.message)
    warnings: list[str] = []
    info: NipInfo | None = None
    if "nip" not in errors:
        try:
            info = parse_nip(values["nip"])
            values["nip"] = info.nip
        except NipError as exc:
            errors.add("nip", exc.message)
    if info is not None:
        warnings += info.warnings
        warnings += cross_check_nip(info, tanggal_lahir=values.get("tanggal_lahir"),
                                    jenis_kelamin=values.get("jenis_kelamin"),
                                    jenis_pegawai=values.get("status_kepegawaian"))
        other = s.execute(select(Pegawai.id, Pegawai.nama).where(Pegawai.nip == info.nip)).first()
        if other is not None and other[0] != pegawai_id:
            errors.add("nip", f"NIP {info.nip} sudah dipakai oleh {other[1]}")
    # Optional identifiers the column keeps as NULL when absent: an empty form field is "not known",
    # not a new value (saving the form must not record nik/nip_lama None -> '' in the audit trail).
    for name in ("nik", "nip_lama"):
        if not values.get(name):
            values[name] = None
    nik = values.get("nik") or ""
    if nik and (len(nik) != 16 or not nik.isdigit()):
        errors.add("nik", "NIK harus 16 digit angka")
    email = values.get("email") or ""
    if email and ("@" not in email or "." not in email.split("@")[-1]):
        errors.add("email", f"Alamat surel '{email}' tidak valid")
    lahir = values.get("tanggal_lahir")
    if isinstance(lahir, date) and lahir > date.today():
        errors.add("tanggal_lahir", "Tanggal lahir tidak boleh di masa depan")
    gol = values.get("golongan_id")
    status = values.get("status_kepegawaian")
    if gol is not None and "golongan_id" not in errors and status:
        jenis = golongan_by_id(gol).jenis
        if (status == "PPPK") != (jenis == "PPPK"):
            errors.add("golongan_id", f"Golongan {golongan_kode(gol)} bukan golongan untuk {status}")
    if values.get("jabatan_id") is not None and s.get(Jabatan, values["jabatan_id"]) is None:
        errors.add("jabatan_id", "Jabatan yang dipilih tidak ada")
    if values.get("unit_id") is not None:
        unit = s.get(UnitKerja, values["unit_id"])
        if unit is None:
            errors.add("unit_id", "Unit kerja yang dipilih tidak ada")
        elif not unit.aktif:
            errors.add("unit_id", f"Unit kerja {unit.nama} sudah ditutup")
    tmt_cpns, tmt_pns = values.get("tmt_cpns"), values.get("tmt_pns")
    if isinstance(tmt_cpns, date) and isinstance(tmt_pns, date) and tmt_pns < tmt_cpns:
        errors.add("tmt_pns", "TMT PNS tidak boleh sebelum TMT CPNS")
    errors.raise_if_any()
    return values, warnings


def _pensiun(s: Session, tanggal_lahir: date, jabatan_id: int | None) -> date:
    bup = _DEFAULT_BUP
    jabatan = s.get(Jabatan, jabatan_id) if jabatan_id is not None else None
    if jabatan is not None:
        if jabatan.bup:
            bup = jabatan.bup
        else:
            try:
                bup = bup_for(JenisJabatan(jabatan.jenis), jabatan.jenjang, jabatan.nama)
            except (DomainError, ValueError):
                bup = _DEFAULT_BUP
    return tanggal_pensiun(tanggal_lahir, bup)


def create_pegawai(db: Database, actor: Actor, values: Mapping[str, Any]) -> SimpanHasil:
    """Add a pegawai; ``values`` uses the names of PEGAWAI_FIELDS (text or typed values)."""
    require(actor, Izin.KELOLA_PEGAWAI)
    with tracked_session(db, actor=actor, write=True) as s:
        clean, warnings = _validate_pegawai(s, values, pegawai_id=None)
        require_unit_in_opd(s, actor, clean.get("unit_id"))
        p = Pegawai(**clean)
        p.tanggal_pensiun = _pensiun(s, clean["tanggal_lahir"], clean.get("jabatan_id"))
        s.add(p)
        s.flush()
        return SimpanHasil(id=p.id, version=p.version, warnings=tuple(warnings))


def update_pegawai(db: Database, actor: Actor, pegawai_id: int, values: Mapping[str, Any], *,
                   expected_version: int) -> SimpanHasil:
    """Save the data utama of a pegawai loaded at ``expected_version``."""
    require(actor, Izin.KELOLA_PEGAWAI)
    with tracked_session(db, actor=actor, write=True) as s:
        p = s.get(Pegawai, pegawai_id)
        if p is None:
            raise DomainError("Pegawai ini sudah dihapus oleh pengguna lain")
        check_version(db, p, expected_version)
        require_unit_in_opd(s, actor, p.unit_id)
        clean, warnings = _validate_pegawai(s, values, pegawai_id=pegawai_id)
        require_unit_in_opd(s, actor, clean.get("unit_id"))  # not moved out of the OPD either (that is a mutasi)
        for name, value in clean.items():
            setattr(p, name, value)
        p.tanggal_pensiun = _pensiun(s, clean["tanggal_lahir"], clean.get("jabatan_id"))
        s.flush()
        return SimpanHasil(id=p.id, version=p.version, warnings=tuple(warnings))


def delete_pegawai(db: Database, actor: Actor, pegawai_id: int, *, expected_version: int) -> None:
    """Delete a pegawai and his history; refused while an usul mutasi refers to him."""
    require(actor, Izin.KELOLA_PEGAWAI)
    with tracked_session(db, actor=actor, write=True) as s:
        p = s.get(Pegawai, pegawai_id)
        if p is None:
            return
        check_version(db, p, expected_version)
        require_unit_in_opd(s, actor, p.unit_id)
        usul = s.scalars(select(UsulMutasi.nomor).where(UsulMutasi.pegawai_id == pegawai_id).limit(3)).all()
        if usul:
            count = s.scalar(select(func.count()).select_from(UsulMutasi).where(UsulMutasi.pegawai_id == pegawai_id))
            raise DomainError(
                f"{p.nama} tidak dapat dihapus karena tercatat dalam {count} usul mutasi "
                f"({', '.join(usul)}). Ubah kedudukannya (misalnya Pensiun/Berhenti) bila ia tidak lagi bekerja."
            )
        s.delete(p)


def save_riwayat(db: Database, actor: Actor, kind: str, pegawai_id: int, values: Mapping[str, Any], *,
                 row_id: int | None = None, expected_version: int | None = None) -> SimpanHasil:
    """Add (``row_id`` None) or edit one history row of ``kind`` ("jabatan", "pangkat", ...)."""
    require(actor, Izin.KELOLA_PEGAWAI)
    spec = RIWAYAT[kind]
    model = _MODELS[kind]
    with tracked_session(db, actor=actor, write=True) as s:
        pegawai = s.get(Pegawai, pegawai_id)
        if pegawai is None:
            raise DomainError("Pegawai ini sudah dihapus oleh pengguna lain")
        require_unit_in_opd(s, actor, pegawai.unit_id)
        clean = clean_values(spec, values)
        _check_riwayat_refs(s, kind, clean)
        if kind == "skp":
            dup = s.scalar(select(Skp.id).where(Skp.pegawai_id == pegawai_id, Skp.tahun == clean["tahun"]))
            if dup is not None and dup != row_id:
                raise ValidasiGagal({"tahun": f"SKP tahun {clean['tahun']} sudah tercatat"})
        if row_id is None:
            row = model(pegawai_id=pegawai_id, **clean)
            s.add(row)
        else:
            row = s.get(model, row_id)
            if row is None or row.pegawai_id != pegawai_id:
                raise DomainError("Baris riwayat ini sudah dihapus oleh pengguna lain")
            check_version(db, row, expected_version)
            if _record(kind, row).locked_reason:
                raise DomainError(_record(kind, row).locked_reason)
            for name, value in clean.items():
                setattr(row, name, value)
        if kind == "pendidikan" and clean.get("terakhir"):
            for other in s.scalars(select(RiwayatPendidikan).where(
                RiwayatPendidikan.pegawai_id == pegawai_id, RiwayatPendidikan.terakhir.is_(True)
            )):
                if other is not row:
                    other.terakhir = False
        s.flush()
        return SimpanHasil(id=row.id, version=row.version)


def _check_riwayat_refs(s: Session, kind: str, clean: dict[str, Any]) -> None:
    errors = FieldErrors()
    for spec in RIWAYAT[kind].fields:
        value = clean.get(spec.name)
        if value is None:
            continue
        if spec.kind == "unit" and s.get(UnitKerja, value) is None:
            errors.add(spec.name, f"{spec.label}: unit kerja tidak ada")
        if spec.kind == "jabatan" and s.get(Jabatan, value) is None:
            errors.add(spec.name, f"{spec.label}: jabatan tidak ada")
    errors.raise_if_any()


def delete_riwayat(db: Database, actor: Actor, kind: str, row_id: int, *, expected_version: int) -> None:
    """Delete one history row (not a riwayat jabatan that came from an SK mutasi)."""
    require(actor, Izin.KELOLA_PEGAWAI)
    model = _MODELS[kind]
    with tracked_session(db, actor=actor, write=True) as s:
        row = s.get(model, row_id)
        if row is None:
            return
        check_version(db, row, expected_version)
        owner = s.get(Pegawai, row.pegawai_id)
        require_unit_in_opd(s, actor, owner.unit_id if owner is not None else None)
        reason = _record(kind, row).locked_reason
        if reason:
            raise DomainError(reason)
        s.delete(row)


def empty_values() -> dict[str, Any]:
    """Defaults of a new pegawai form."""
    values: dict[str, Any] = {f.name: None for f in PEGAWAI_FIELDS}
    values.update(status_kepegawaian="PNS", kedudukan="AKTIF")
    return values


def field_names() -> tuple[str, ...]:
    return tuple(f.name for f in PEGAWAI_FIELDS)

