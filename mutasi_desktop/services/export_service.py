"""Exports to xlsx: the pegawai list (the current view or the full data in the import layout),
formasi with vacancies, the usul mutasi list, and any rekap table (:func:`write_table_xlsx`).

Every export requires ``Izin.EKSPOR``; NIK, phone, email and address are masked for a user
without ``Izin.LIHAT_DATA_PRIBADI``. The full pegawai export uses the same headers as the import
template, so an exported file re-imports with no change. Each export joins the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from mutasi_desktop.db.audit_hook import Aksi
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Instansi, Jabatan, Pegawai, UnitKerja, UsulMutasi
from mutasi_desktop.documents.excel.writer import (
    DATE_FORMAT_INDONESIAN,
    DATE_FORMAT_NUMERIC,
    Column,
    TitleBlock,
)
from mutasi_desktop.documents.excel.writer import write_table_xlsx as _write_xlsx
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.golongan import golongan_by_id
from mutasi_desktop.domain.import_values import AGAMA, KEDUDUKAN
from mutasi_desktop.domain.jabatan_kinds import JenisJabatan
from mutasi_desktop.domain.masking import mask_alamat, mask_email, mask_nik, mask_telepon
from mutasi_desktop.domain.pendidikan import tingkat_by_kode
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.services import audit_service
from mutasi_desktop.services.pegawai_query import KEDUDUKAN_NONAKTIF, PegawaiFilter, iter_pegawai

__all__ = [
    "ExportResult",
    "export_formasi",
    "export_pegawai",
    "export_pegawai_view",
    "export_usul",
    "office_name",
    "write_import_template",
    "write_pegawai_template",
    "write_table_xlsx",
]

_CHUNK = 900


@dataclass(frozen=True)
class ExportResult:
    path: str
    rows: int
    masked: bool


# ------------------------------------------------------------------------------ generic table


def write_table_xlsx(
    path: str | Path,
    *,
    title: str,
    columns: Sequence[Column | tuple[str, str] | str],
    rows: Iterable[Sequence[object]],
    office: str = "",
    notes: Sequence[str] = (),
    sheet_name: str = "Data",
    long_dates: bool = False,
    printed_at: datetime | None = None,
) -> int:
    """A formatted table (title block, bold frozen header, filter, widths, text NIPs, real dates).

    ``columns`` are :class:`Column` objects, ``(header, kind)`` pairs or plain headers; kinds:
    ``text``, ``nip``, ``digits``, ``date``, ``int``, ``number``. For rekap reports of any module.
    """
    cols = [c if isinstance(c, Column) else Column(c) if isinstance(c, str) else Column(c[0], c[1]) for c in columns]
    return _write_xlsx(
        path, columns=cols, rows=rows, sheet_name=sheet_name,
        title=TitleBlock(title=title, office_name=office, printed_at=printed_at, notes=tuple(notes)),
        date_format=DATE_FORMAT_INDONESIAN if long_dates else DATE_FORMAT_NUMERIC,
    )


def office_name(db: Database) -> str:
    """The name printed above every export: the BKPSDM name, else "Pemerintah <daerah>"."""
    with db.session() as s:
        return _office(s)


def _office(s: Session) -> str:
    row = s.execute(select(Instansi.nama_bkpsdm, Instansi.nama_daerah).limit(1)).first()
    if row is None:
        return ""
    return str(row[0] or (f"Pemerintah {row[1]}" if row[1] else ""))


def _may_see_private(actor: Actor | None, masked: bool | None) -> bool:
    if actor is not None and not actor.can(Izin.LIHAT_DATA_PRIBADI):
        return False
    return not masked if masked is not None else True


def _record(db: Database, actor: Actor, entitas: str, ringkasan: str, detail: dict[str, Any]) -> None:
    audit_service.record_event(db, actor, Aksi.EKSPOR, entitas, None, ringkasan, detail)


# --------------------------------------------------------------------------- pegawai (view)


def _golongan(golongan_id: int | None) -> str:
    if golongan_id is None:
        return ""
    try:
        return golongan_by_id(golongan_id).kode
    except DomainError:
        return str(golongan_id)


def _pangkat(golongan_id: int | None) -> str:
    if golongan_id is None:
        return ""
    try:
        return golongan_by_id(golongan_id).pangkat or ""
    except DomainError:
        return ""


def _jenis_label(code: str | None) -> str:
    if not code:
        return ""
    try:
        return JenisJabatan(code).label
    except ValueError:
        return code


def _tingkat_label(code: str | None) -> str:
    if not code:
        return ""
    try:
        return tingkat_by_kode(code).nama
    except DomainError:
        return code


def _get(row: object, name: str) -> Any:
    if isinstance(row, Mapping):
        return row.get(name)
    return getattr(row, name, None)


# header, attribute, kind, formatter for the rows of the pegawai list screen (PegawaiRow).
_VIEW_COLUMNS: tuple[tuple[str, str, str, Callable[[Any], Any] | None], ...] = (
    ("NIP", "nip", "nip", None),
    ("NAMA", "nama", "text", None),
    ("GELAR DEPAN", "gelar_depan", "text", None),
    ("GELAR BELAKANG", "gelar_belakang", "text", None),
    ("JENIS KELAMIN", "jenis_kelamin", "text", None),
    ("TANGGAL LAHIR", "tanggal_lahir", "date", None),
    ("NIK", "nik", "digits", None),
    ("NOMOR HP", "telepon", "text", None),
    ("EMAIL", "email", "text", None),
    ("ALAMAT", "alamat", "text", None),
    ("STATUS KEPEGAWAIAN", "status_kepegawaian", "text", None),
    ("KEDUDUKAN", "kedudukan", "text", lambda v: KEDUDUKAN.get(v, v)),
    ("GOLONGAN", "golongan", "text", None),
    ("JENIS JABATAN", "jenis_jabatan", "text", _jenis_label),
    ("JABATAN", "jabatan", "text", None),
    ("TMT JABATAN", "tmt_jabatan", "date", None),
    ("UNIT KERJA", "unit", "text", None),
    ("TANGGAL PENSIUN", "tanggal_pensiun", "date", None),
)
_PRIVATE: dict[str, Callable[[str | None], str]] = {
    "nik": mask_nik, "telepon": mask_telepon, "email": mask_email, "alamat": mask_alamat,
}


def export_pegawai_view(
    rows: Iterable[object],
    path: str | Path,
    *,
    title: str,
    masked: bool,
    office: str = "",
    actor: Actor | None = None,
    db: Database | None = None,
) -> ExportResult:
    """Export the rows of the pegawai list as shown (``PegawaiRow`` objects, dataclasses or
    dicts); columns are those the rows have. ``masked`` hides NIK/phone/email/address; with an
    ``actor`` the permission is checked and masking is forced for one without
    ``LIHAT_DATA_PRIBADI``; with ``db`` too the export is audited."""
    if actor is not None:
        require(actor, Izin.EKSPOR)
    show_private = _may_see_private(actor, masked)
    iterator = iter(rows)
    first = next(iterator, None)
    columns = [c for c in _VIEW_COLUMNS if _has(first, c[1])]

    def cells() -> Iterator[list[Any]]:
        if first is None:
            return
        for row in _chain(first, iterator):
            out: list[Any] = []
            for _header, attr, _kind, fmt in columns:
                value = _get(row, attr)
                if attr in _PRIVATE and not show_private:
                    value = _PRIVATE[attr](value) if value else value
                elif fmt is not None and value is not None:
                    value = fmt(value)
                out.append(value)
            yield out

    count = write_table_xlsx(path, title=title, office=office, columns=[Column(h, k) for h, _a, k, _f in columns],
                             rows=cells(), notes=() if show_private else ("Data pribadi disamarkan.",))
    if actor is not None and db is not None:
        _record(db, actor, "pegawai", f"Ekspor daftar pegawai ({count} baris) ke {Path(path).name}",
                {"berkas": Path(path).name, "baris": count, "disamarkan": not show_private})
    return ExportResult(str(path), count, not show_private)


def _has(row: object, name: str) -> bool:
    if row is None:
        return True
    return name in row if isinstance(row, Mapping) else hasattr(row, name)


def _chain(first: object, rest: Iterator[object]) -> Iterator[object]:
    yield first
    yield from rest


# --------------------------------------------------------------------------- pegawai (full)

# The import template layout (same headers as services.import_pegawai) plus read-only extras.
_FULL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("NIP", "nip"), ("NIP LAMA", "digits"), ("PNS ID", "text"), ("NAMA", "text"), ("GELAR DEPAN", "text"),
    ("GELAR BELAKANG", "text"), ("TEMPAT LAHIR", "text"), ("TANGGAL LAHIR", "date"), ("JENIS KELAMIN", "text"),
    ("AGAMA", "text"), ("STATUS KAWIN", "text"), ("NIK", "digits"), ("NOMOR HP", "text"), ("EMAIL", "text"),
    ("ALAMAT", "text"), ("STATUS KEPEGAWAIAN", "text"), ("KEDUDUKAN", "text"), ("TMT CPNS", "date"),
    ("TMT PNS", "date"), ("GOLONGAN", "text"), ("PANGKAT", "text"), ("TMT GOLONGAN", "date"),
    ("JENIS JABATAN", "text"), ("JABATAN", "text"), ("TMT JABATAN", "date"), ("UNIT KERJA", "text"), ("OPD", "text"),
    ("TINGKAT PENDIDIKAN", "text"), ("JURUSAN", "text"), ("TAHUN LULUS", "int"), ("TANGGAL PENSIUN", "date"),
    ("CATATAN", "text"),
)  # fmt: skip
TEMPLATE_ONLY = frozenset({"PANGKAT", "TANGGAL PENSIUN"})


def _full_rows(s: Session, ids: Sequence[int], show_private: bool) -> Iterator[list[Any]]:
    p = Pegawai.__table__
    j = Jabatan.__table__
    u = UnitKerja.__table__
    units = {ident: (nama, path) for ident, nama, path in s.execute(select(u.c.id, u.c.nama, u.c.path))}

    def opd(unit_id: int | None) -> str:
        if unit_id is None or unit_id not in units:
            return ""
        parts = [x for x in units[unit_id][1].split("/") if x]
        root = int(parts[0]) if parts else unit_id
        return str(units.get(root, units[unit_id])[0])

    cols = (p.c.id, p.c.nip, p.c.nip_lama, p.c.pns_id, p.c.nama, p.c.gelar_depan, p.c.gelar_belakang,
            p.c.tempat_lahir, p.c.tanggal_lahir, p.c.jenis_kelamin, p.c.agama_id, p.c.status_kawin, p.c.nik,
            p.c.telepon, p.c.email, p.c.alamat, p.c.status_kepegawaian, p.c.kedudukan, p.c.tmt_cpns, p.c.tmt_pns,
            p.c.golongan_id, p.c.tmt_golongan, j.c.jenis, j.c.nama.label("jabatan_nama"), p.c.tmt_jabatan, p.c.unit_id,
            p.c.pendidikan_tingkat, p.c.pendidikan_jurusan, p.c.pendidikan_tahun_lulus, p.c.tanggal_pensiun,
            p.c.catatan)
    base = select(*cols).select_from(p.outerjoin(j, p.c.jabatan_id == j.c.id))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        fetched = {r.id: r for r in s.execute(base.where(p.c.id.in_(chunk)))}
        for ident in chunk:
            r = fetched.get(ident)
            if r is None:
                continue
            nik, telepon, email, alamat = r.nik, r.telepon, r.email, r.alamat
            if not show_private:
                nik, telepon = mask_nik(nik) or None, mask_telepon(telepon) or None
                email, alamat = mask_email(email) or None, mask_alamat(alamat) or None
            yield [
                r.nip, r.nip_lama, r.pns_id, r.nama, r.gelar_depan, r.gelar_belakang, r.tempat_lahir, r.tanggal_lahir,
                r.jenis_kelamin, AGAMA.get(r.agama_id or 0, ""), r.status_kawin, nik, telepon, email, alamat,
                r.status_kepegawaian, KEDUDUKAN.get(r.kedudukan, r.kedudukan), r.tmt_cpns, r.tmt_pns,
                _golongan(r.golongan_id), _pangkat(r.golongan_id), r.tmt_golongan, _jenis_label(r.jenis),
                r.jabatan_nama, r.tmt_jabatan, units.get(r.unit_id, ("",))[0] if r.unit_id else "", opd(r.unit_id),
                _tingkat_label(r.pendidikan_tingkat), r.pendidikan_jurusan, r.pendidikan_tahun_lulus,
                r.tanggal_pensiun, r.catatan,
            ]


def export_pegawai(
    db: Database,
    actor: Actor,
    path: str | Path,
    *,
    flt: PegawaiFilter | None = None,
    masked: bool | None = None,
    title: str = "DAFTAR PEGAWAI",
) -> ExportResult:
    """Every pegawai matching ``flt`` (the list screen's filter), all fields, in the import
    template layout (re-importable). Streams in chunks: 100,000 pegawai stay within memory."""
    require(actor, Izin.EKSPOR)
    show_private = _may_see_private(actor, masked)
    ids = [row.id for row in iter_pegawai(db, actor, flt or PegawaiFilter(), batch=5000)]
    with db.session() as s:
        office = _office(s)
        notes = [f"Jumlah pegawai: {len(ids):,}".replace(",", ".")]
        if not show_private:
            notes.append("Data pribadi (NIK, nomor HP, email, alamat) disamarkan.")
        count = write_table_xlsx(path, title=title, office=office, notes=notes,
                                 columns=[Column(h, k) for h, k in _FULL_COLUMNS], rows=_full_rows(s, ids, show_private))
    _record(db, actor, "pegawai", f"Ekspor data pegawai ({count} baris) ke {Path(path).name}",
            {"berkas": Path(path).name, "baris": count, "disamarkan": not show_private})
    return ExportResult(str(path), count, not show_private)


def write_pegawai_template(path: str | Path, *, office: str = "", contoh: bool = True) -> int:
    """The app's own import workbook: the import headers, one synthetic example row and a
    second sheet explaining each column. Needs no database."""
    from mutasi_desktop.services.import_pegawai import PEGAWAI_IMPORT_FIELDS

    fields = [f for f in PEGAWAI_IMPORT_FIELDS if f.key not in ("status_cpns_pns",)]
    example: dict[str, Any] = {
        "nip": "199001012015031001", "nama": "Contoh Nama Pegawai", "gelar_belakang": "S.Kom.",
        "tempat_lahir": "Sukamaju", "tanggal_lahir": date(1990, 1, 1), "jenis_kelamin": "L", "agama": "Islam",
        "status_kepegawaian": "PNS", "kedudukan": "Aktif", "tmt_cpns": date(2015, 3, 1), "tmt_pns": date(2016, 3, 1),
        "golongan": "III/b", "tmt_golongan": date(2019, 4, 1), "jabatan": "Pranata Komputer Ahli Pertama",
        "tmt_jabatan": date(2020, 1, 1), "pendidikan_tingkat": "S1", "pendidikan_jurusan": "Teknik Informatika",
        "pendidikan_tahun_lulus": 2012,
    }
    columns = [Column(f.label, f.kind if f.kind in ("nip", "digits", "date", "int") else "text",
                      float(f.width) if f.width else None) for f in fields]
    rows = [[example.get(f.key) for f in fields]] if contoh else []
    legend_cols = [Column("KOLOM", "text", 24), Column("WAJIB", "text", 8), Column("NAMA LAIN YANG DIKENALI", "text", 60),
                   Column("KETERANGAN", "text", 60)]
    legend = [[f.label, "Ya" if f.required else "", ", ".join(f.aliases), f.description] for f in fields]
    return _write_xlsx(
        path, columns=columns, rows=rows, sheet_name="Pegawai",
        title=TitleBlock(title="TEMPLAT IMPOR DATA PEGAWAI", office_name=office,
                         notes=("Isi mulai baris di bawah judul kolom. NIP dan NIK diketik sebagai teks; "
                                "tanggal dd-mm-yyyy. Baris contoh boleh dihapus.",)),
        extra_sheets=[("Petunjuk", legend_cols, legend)],
    )


def write_import_template(path: str | Path, fields: Sequence[Any], *, title: str, office: str = "") -> int:
    """An empty import workbook for any field list (riwayat SKP, riwayat jabatan, ABK,
    aspirasi): the headers the import recognises plus a "Petunjuk" sheet. Needs no database."""
    kinds = ("nip", "digits", "date", "int")
    columns = [Column(f.label, f.kind if f.kind in kinds else "text", float(f.width) if f.width else None)
               for f in fields]
    legend_cols = [Column("KOLOM", "text", 24), Column("WAJIB", "text", 8), Column("NAMA LAIN YANG DIKENALI", "text", 60),
                   Column("KETERANGAN", "text", 60)]
    legend = [[f.label, "Ya" if f.required else "", ", ".join(f.aliases), f.description] for f in fields]
    return _write_xlsx(
        path, columns=columns, rows=[], sheet_name="Data",
        title=TitleBlock(title=title, office_name=office,
                         notes=("Isi mulai baris di bawah judul kolom. NIP diketik sebagai teks; tanggal dd-mm-yyyy.",)),
        extra_sheets=[("Petunjuk", legend_cols, legend)],
    )


# ------------------------------------------------------------------------------- formasi


def export_formasi(db: Database, actor: Actor, path: str | Path, *, unit_id: int | None = None,
                   hanya_lowong: bool = False) -> ExportResult:
    """Formasi per unit × jabatan with kebutuhan (ABK), terisi (active holders) and selisih
    (positive = lowong). Headers match the ABK import, so the sheet can be edited and re-imported."""
    require(actor, Izin.EKSPOR)
    f, u, j, p = Formasi.__table__, UnitKerja.__table__, Jabatan.__table__, Pegawai.__table__
    with db.session() as s:
        office = _office(s)
        units = {ident: (nama, path) for ident, nama, path in s.execute(select(u.c.id, u.c.nama, u.c.path))}
        scope = None
        if unit_id is not None:
            if unit_id not in units:
                raise DomainError("Unit kerja yang dipilih tidak ada")
            scope = units[unit_id][1]
        terisi = dict(
            ((uid, jid), n) for uid, jid, n in s.execute(
                select(p.c.unit_id, p.c.jabatan_id, func.count())
                .where(p.c.kedudukan.not_in(sorted(KEDUDUKAN_NONAKTIF)))
                .group_by(p.c.unit_id, p.c.jabatan_id)
            )
        )
        stmt = (select(f.c.unit_id, f.c.jabatan_id, f.c.kebutuhan, f.c.catatan, j.c.nama, j.c.jenis, j.c.kelas_jabatan)
                .select_from(f.join(j, f.c.jabatan_id == j.c.id)))
        rows: list[list[Any]] = []
        for r in s.execute(stmt):
            unit_nama, unit_path = units.get(r.unit_id, ("", "/"))
            if scope is not None and not unit_path.startswith(scope):
                continue
            parts = [x for x in unit_path.split("/") if x]
            opd = units.get(int(parts[0]), ("",))[0] if parts else unit_nama
            filled = terisi.get((r.unit_id, r.jabatan_id), 0)
            selisih = r.kebutuhan - filled
            if hanya_lowong and selisih <= 0:
                continue
            status = "Lowong" if selisih > 0 else "Sesuai" if selisih == 0 else "Lebih"
            rows.append([opd, unit_nama, r.nama, _jenis_label(r.jenis), r.kelas_jabatan, r.kebutuhan, filled, selisih,
                         status, r.catatan])
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    columns = [Column("OPD"), Column("UNIT KERJA"), Column("JABATAN"), Column("JENIS JABATAN"),
               Column("KELAS JABATAN", "int"), Column("KEBUTUHAN", "int"), Column("TERISI", "int"),
               Column("SELISIH", "int"), Column("STATUS"), Column("CATATAN")]
    total_lowong = sum(max(r[7], 0) for r in rows)
    count = write_table_xlsx(path, title="FORMASI DAN LOWONGAN JABATAN", office=office, columns=columns, rows=rows,
                             notes=[f"Jumlah lowongan: {total_lowong}"])
    _record(db, actor, "formasi", f"Ekspor formasi ({count} baris) ke {Path(path).name}",
            {"berkas": Path(path).name, "baris": count})
    return ExportResult(str(path), count, False)


# ----------------------------------------------------------------------------------- usul


def _label(enum_path: str, code: str | None) -> str:
    if not code:
        return ""
    module, _, name = enum_path.rpartition(".")
    try:
        enum = getattr(__import__(module, fromlist=[name]), name)
        return str(enum(code).label)
    except (ImportError, AttributeError, ValueError):
        return code


def export_usul(db: Database, actor: Actor, path: str | Path, *, status: str | None = None) -> ExportResult:
    """The usul mutasi list: number, pegawai, kind, reason, from, to, planned TMT, status."""
    require(actor, Izin.EKSPOR)
    um, p = UsulMutasi.__table__, Pegawai.__table__
    fj, fu = aliased(Jabatan), aliased(UnitKerja)
    with db.session() as s:
        office = _office(s)
        stmt = (
            select(um.c.nomor, p.c.nip, p.c.nama, p.c.gelar_depan, p.c.gelar_belakang, um.c.jenis_mutasi, um.c.alasan,
                   um.c.asal_jabatan_nama, um.c.asal_unit_nama, um.c.tujuan_jabatan_nama, um.c.tujuan_unit_nama,
                   um.c.tujuan_instansi_nama, fj.nama.label("formasi_jabatan"), fu.nama.label("formasi_unit"),
                   um.c.tmt_rencana, um.c.status, um.c.status_at)
            .select_from(um.join(p, um.c.pegawai_id == p.c.id)
                         .outerjoin(Formasi.__table__, um.c.tujuan_formasi_id == Formasi.__table__.c.id)
                         .outerjoin(fj, Formasi.__table__.c.jabatan_id == fj.id)
                         .outerjoin(fu, Formasi.__table__.c.unit_id == fu.id))
            .order_by(um.c.nomor)
        )
        if status:
            stmt = stmt.where(um.c.status == status)
        rows = [
            [r.nomor, r.nip, " ".join(x for x in (r.gelar_depan, r.nama) if x) + (f", {r.gelar_belakang}" if r.gelar_belakang else ""),
             _label("mutasi_desktop.domain.mutasi_kinds.JenisMutasi", r.jenis_mutasi),
             _label("mutasi_desktop.domain.mutasi_kinds.AlasanMutasi", r.alasan),
             r.asal_jabatan_nama, r.asal_unit_nama, r.tujuan_jabatan_nama or r.formasi_jabatan or "",
             r.tujuan_unit_nama or r.formasi_unit or "", r.tujuan_instansi_nama, r.tmt_rencana,
             _label("mutasi_desktop.domain.usul_states.StatusUsul", r.status),
             r.status_at.date() if isinstance(r.status_at, datetime) else r.status_at]
            for r in s.execute(stmt)
        ]
    columns = [Column("NOMOR USUL"), Column("NIP", "nip"), Column("NAMA"), Column("JENIS MUTASI"), Column("ALASAN"),
               Column("JABATAN ASAL"), Column("UNIT ASAL"), Column("JABATAN TUJUAN"), Column("UNIT TUJUAN"),
               Column("INSTANSI TUJUAN"), Column("TMT RENCANA", "date"), Column("STATUS"), Column("TANGGAL STATUS", "date")]
    count = write_table_xlsx(path, title="DAFTAR USUL MUTASI", office=office, columns=columns, rows=rows)
    _record(db, actor, "usul_mutasi", f"Ekspor usul mutasi ({count} baris) ke {Path(path).name}",
            {"berkas": Path(path).name, "baris": count, "status": status})
    return ExportResult(str(path), count, False)
