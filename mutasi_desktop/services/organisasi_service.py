"""Organisation use cases: the unit kerja tree, the jabatan catalogue and formasi.

The tree keeps a materialised ``path`` ("/3/17/42/"); moving a unit rewrites the path of its
whole subtree in one transaction. A formasi's *terisi* is derived (active pegawai with that
unit and jabatan), never typed; ``selisih`` = terisi - kebutuhan (negative: kurang, positive:
lebih). Reads need ``Izin.LIHAT_DATA``; writes need ``Izin.KELOLA_ORGANISASI``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Formasi, Jabatan, Pegawai, UnitKerja, UsulMutasi
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.jabatan_kinds import ESELON, JenisJabatan
from mutasi_desktop.domain.roles import Actor, AksesDitolak, Izin, require, require_unit
from mutasi_desktop.domain.usul_states import OPEN_STATES
from mutasi_desktop.services.concurrency import check_version, tracked_session
from mutasi_desktop.services.dto.riwayat_spec import FieldSpec, clean_value
from mutasi_desktop.services.dto.validasi import FieldErrors, ValidasiGagal
from mutasi_desktop.services.pegawai_query import KEDUDUKAN_NONAKTIF, active_counts

JENIS_UNIT: tuple[str, ...] = (
    "OPD", "SEKRETARIAT", "BIDANG", "BAGIAN", "SEKSI", "SUBBAGIAN", "UPT", "PUSKESMAS", "SEKOLAH", "KECAMATAN",
    "KELURAHAN", "LAINNYA",
)


@dataclass(frozen=True)
class UnitNode:
    id: int
    parent_id: int | None
    nama: str
    singkatan: str
    jenis: str
    kode: str
    lokasi: str
    path: str
    level: int
    aktif: bool
    tanggal_ditutup: date | None
    version: int
    pegawai_langsung: int  # active pegawai placed directly in this unit


@dataclass(frozen=True)
class JabatanRow:
    id: int
    kode: str
    nama: str
    jenis: str
    jenjang: str | None
    eselon: str | None
    kelas_jabatan: int | None
    golongan_min_id: int | None
    pendidikan_min: str | None
    kompetensi: str
    aktif: bool
    version: int


@dataclass(frozen=True)
class FormasiRow:
    id: int | None  # None: pegawai hold this unit+jabatan but no formasi was recorded
    unit_id: int
    unit_nama: str
    jabatan_id: int
    jabatan_nama: str
    jenis_jabatan: str
    kebutuhan: int
    terisi: int
    catatan: str
    version: int

    @property
    def selisih(self) -> int:
        return self.terisi - self.kebutuhan


def _active_pegawai() -> Any:
    return Pegawai.kedudukan.not_in(sorted(KEDUDUKAN_NONAKTIF))


def _node(u: UnitKerja, counts: Mapping[int, int]) -> UnitNode:
    return UnitNode(
        id=u.id, parent_id=u.parent_id, nama=u.nama, singkatan=u.singkatan or "", jenis=u.jenis, kode=u.kode or "",
        lokasi=u.lokasi or "", path=u.path, level=u.level, aktif=u.aktif, tanggal_ditutup=u.tanggal_ditutup,
        version=u.version, pegawai_langsung=counts.get(u.id, 0),
    )


# ------------------------------------------------------------------------------------ units


def list_units(db: Database, actor: Actor, *, include_closed: bool = True) -> tuple[UnitNode, ...]:
    """Every unit in tree order (path), with the number of active pegawai placed in each."""
    require(actor, Izin.LIHAT_DATA)
    with db.session() as s:
        counts: dict[int, int] = {
            key[0]: n for key, n in active_counts(s, Pegawai.unit_id).items() if key[0] is not None
        }
        stmt = select(UnitKerja).order_by(UnitKerja.level, UnitKerja.urutan, UnitKerja.nama)
        if not include_closed:
            stmt = stmt.where(UnitKerja.aktif.is_(True))
        return tuple(_node(u, counts) for u in s.scalars(stmt))


def _subtree_ids(s: Session, path: str) -> list[int]:
    return list(s.scalars(select(UnitKerja.id).where(UnitKerja.path.startswith(path, autoescape=True))))


def _clean_unit(values: Mapping[str, Any]) -> dict[str, Any]:
    errors = FieldErrors()
    specs = (
        FieldSpec("nama", "Nama unit", required=True, max_len=250),
        FieldSpec("jenis", "Jenis unit", "choice", required=True, choices=JENIS_UNIT),
        FieldSpec("singkatan", "Singkatan", max_len=40),
        FieldSpec("kode", "Kode", max_len=40),
        FieldSpec("lokasi", "Lokasi", max_len=200),
    )
    out: dict[str, Any] = {}
    for spec in specs:
        try:
            out[spec.name] = clean_value(spec, values.get(spec.name))
        except DomainError as exc:
            errors.add(spec.name, exc.message)
    errors.raise_if_any()
    return out


def _in_scope(actor: Actor, unit: UnitKerja | None) -> None:
    """An Operator limited to some OPD changes the tree and formasi of those OPD only (it could
    rename, move or close any unit and change any formasi). ``None``: the top level (a new OPD)."""
    if unit is None:
        if actor.batas_opd:
            raise AksesDitolak(f"Akses ditolak: pengguna '{actor.username}' dibatasi pada OPD tertentu dan tidak "
                               "dapat menambah OPD atau memindahkan unit ke tingkat teratas.")
        return
    require_unit(actor, Izin.KELOLA_ORGANISASI, unit.path, unit_nama=unit.nama)


def _unit_to_change(db: Database, s: Session, unit_id: int, expected_version: int, *,
                    actor: Actor | None = None) -> UnitKerja:
    """The unit about to be changed: still there, not changed since the clerk read it, and (with
    ``actor``) within the clerk's OPD."""
    unit = s.get(UnitKerja, unit_id)
    if unit is None:
        raise DomainError("Unit kerja ini sudah dihapus oleh pengguna lain")
    check_version(db, unit, expected_version)
    if actor is not None:
        _in_scope(actor, unit)
    return unit


def add_unit(db: Database, actor: Actor, *, parent_id: int | None, values: Mapping[str, Any]) -> UnitNode:
    """A new unit under ``parent_id`` (None: a new OPD at the top)."""
    require(actor, Izin.KELOLA_ORGANISASI)
    clean = _clean_unit(values)
    with tracked_session(db, actor=actor, write=True) as s:
        parent = s.get(UnitKerja, parent_id) if parent_id is not None else None
        if parent_id is not None and parent is None:
            raise DomainError("Unit induk tidak ditemukan")
        if parent is not None and not parent.aktif:
            raise DomainError(f"Unit induk {parent.nama} sudah ditutup")
        _in_scope(actor, parent)
        unit = UnitKerja(parent_id=parent_id, level=(parent.level + 1) if parent else 0, path="/", **clean)
        s.add(unit)
        s.flush()
        unit.path = f"{parent.path if parent else '/'}{unit.id}/"
        s.flush()
        return _node(unit, {})


def update_unit(db: Database, actor: Actor, unit_id: int, values: Mapping[str, Any], *,
                expected_version: int) -> UnitNode:
    """Rename (and re-describe) a unit."""
    require(actor, Izin.KELOLA_ORGANISASI)
    clean = _clean_unit(values)
    with tracked_session(db, actor=actor, write=True) as s:
        unit = _unit_to_change(db, s, unit_id, expected_version, actor=actor)
        for name, value in clean.items():
            setattr(unit, name, value)
        s.flush()
        return _node(unit, {})


def move_unit(db: Database, actor: Actor, unit_id: int, *, new_parent_id: int | None,
              expected_version: int) -> UnitNode:
    """Move a unit (with all its sub-units) under another parent; paths of the subtree follow."""
    require(actor, Izin.KELOLA_ORGANISASI)
    with tracked_session(db, actor=actor, write=True) as s:
        unit = _unit_to_change(db, s, unit_id, expected_version)  # scope checked below, with the target
        parent = s.get(UnitKerja, new_parent_id) if new_parent_id is not None else None
        if new_parent_id is not None and parent is None:
            raise DomainError("Unit tujuan tidak ditemukan")
        if parent is not None and parent.path.startswith(unit.path):
            raise DomainError(f"{unit.nama} tidak dapat dipindah ke bawah dirinya sendiri atau sub-unitnya")
        if parent is not None and not parent.aktif:
            raise DomainError(f"Unit tujuan {parent.nama} sudah ditutup")
        _in_scope(actor, unit)
        _in_scope(actor, parent)
        old_path, old_level = unit.path, unit.level
        new_path = f"{parent.path if parent else '/'}{unit.id}/"
        new_level = parent.level + 1 if parent else 0
        subtree = s.scalars(select(UnitKerja).where(UnitKerja.path.startswith(old_path, autoescape=True))).all()
        for node in subtree:
            node.path = new_path + node.path[len(old_path):]
            node.level = node.level - old_level + new_level
        unit.parent_id = new_parent_id
        s.flush()
        return _node(unit, {})


def close_unit(db: Database, actor: Actor, unit_id: int, *, expected_version: int,
               tanggal: date | None = None) -> int:
    """Close a unit and its sub-units; refused while active pegawai or open usul refer to them.

    Returns the number of units closed.
    """
    require(actor, Izin.KELOLA_ORGANISASI)
    with tracked_session(db, actor=actor, write=True) as s:
        unit = _unit_to_change(db, s, unit_id, expected_version, actor=actor)
        ids = _subtree_ids(s, unit.path)
        active = s.scalar(select(func.count()).select_from(Pegawai).where(Pegawai.unit_id.in_(ids), _active_pegawai()))
        if active:
            raise DomainError(
                f"{unit.nama} tidak dapat ditutup: masih ada {active} pegawai aktif di unit ini atau sub-unitnya. "
                "Pindahkan mereka lebih dahulu."
            )
        formasi_ids = select(Formasi.id).where(Formasi.unit_id.in_(ids))
        open_usul = s.scalar(
            select(func.count()).select_from(UsulMutasi).where(
                UsulMutasi.status.in_(sorted(OPEN_STATES)),
                or_(UsulMutasi.tujuan_formasi_id.in_(formasi_ids), UsulMutasi.asal_unit_id.in_(ids)),
            )
        )
        if open_usul:
            raise DomainError(
                f"{unit.nama} tidak dapat ditutup: masih ada {open_usul} usul mutasi yang belum selesai "
                "dari atau ke unit ini."
            )
        when = tanggal or date.today()
        closed = 0
        for node in s.scalars(select(UnitKerja).where(UnitKerja.id.in_(ids), UnitKerja.aktif.is_(True))):
            node.aktif = False
            node.tanggal_ditutup = when
            closed += 1
        return closed


def reopen_unit(db: Database, actor: Actor, unit_id: int, *, expected_version: int) -> UnitNode:
    """Undo a closing: the unit and the sub-units closed together with it (same date) open again."""
    require(actor, Izin.KELOLA_ORGANISASI)
    with tracked_session(db, actor=actor, write=True) as s:
        unit = _unit_to_change(db, s, unit_id, expected_version, actor=actor)
        if unit.aktif:
            return _node(unit, {})
        parent = s.get(UnitKerja, unit.parent_id) if unit.parent_id is not None else None
        if parent is not None and not parent.aktif:
            raise DomainError(f"{unit.nama} tidak dapat dibuka kembali: unit induknya, {parent.nama}, masih "
                              "ditutup. Buka kembali unit induk itu lebih dahulu.")
        closed_on = unit.tanggal_ditutup
        for node in s.scalars(select(UnitKerja).where(UnitKerja.path.startswith(unit.path, autoescape=True),
                                                      UnitKerja.aktif.is_(False))):
            if node.id == unit.id or (closed_on is not None and node.tanggal_ditutup == closed_on):
                node.aktif = True
                node.tanggal_ditutup = None
        s.flush()
        return _node(unit, {})


# ------------------------------------------------------------------------------------ jabatan


def _jabatan_row(j: Jabatan) -> JabatanRow:
    return JabatanRow(
        id=j.id, kode=j.kode or "", nama=j.nama, jenis=j.jenis, jenjang=j.jenjang, eselon=j.eselon,
        kelas_jabatan=j.kelas_jabatan, golongan_min_id=j.golongan_min_id, pendidikan_min=j.pendidikan_min,
        kompetensi=j.kompetensi or "", aktif=j.aktif, version=j.version,
    )


def list_jabatan(db: Database, actor: Actor, *, include_inactive: bool = True) -> tuple[JabatanRow, ...]:
    require(actor, Izin.LIHAT_DATA)
    with db.session() as s:
        stmt = select(Jabatan).order_by(Jabatan.nama)
        if not include_inactive:
            stmt = stmt.where(Jabatan.aktif.is_(True))
        return tuple(_jabatan_row(j) for j in s.scalars(stmt))


JABATAN_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("nama", "Nama jabatan", required=True, max_len=250),
    FieldSpec("jenis", "Jenis jabatan", "choice", required=True, choices=tuple(j.value for j in JenisJabatan)),
    FieldSpec("kode", "Kode", max_len=40),
    FieldSpec("jenjang", "Jenjang", max_len=40),
    FieldSpec("eselon", "Eselon", max_len=4),
    FieldSpec("kelas_jabatan", "Kelas jabatan", "int", min_value=1, max_value=17),
    FieldSpec("golongan_min_id", "Golongan minimal", "golongan"),
    FieldSpec("pendidikan_min", "Pendidikan minimal", "tingkat"),
    FieldSpec("kompetensi", "Kompetensi", "longtext"),
    FieldSpec("aktif", "Aktif", "bool"),
)


def _eselon_code(text: str) -> str | None:
    """'32', 'III.b', 'III/b' or 'IIIb' -> '32'; None when it is no eselon."""
    wanted = "".join(ch for ch in str(text).upper() if ch.isalnum())
    for code, label in ESELON.items():
        if wanted in (code, "".join(ch for ch in label.upper() if ch.isalnum())):
            return code
    return None


def catalogue_refusal(db: Database, actor: Actor) -> str | None:
    """Why ``actor`` may not change the jabatan catalogue, or None when it may.

    The catalogue is shared by the whole instansi (every OPD's formasi and pegawai point at it),
    so an Operator limited to some OPD may not add, rename, change, close or delete a jabatan:
    the rename would reach every other OPD. Formasi of units inside its OPD stay its own.
    """
    if not actor.can(Izin.KELOLA_ORGANISASI):
        return None  # require() gives the message of a missing permission
    if not actor.batas_opd:
        return None
    with db.session() as s:
        names = sorted(s.scalars(select(UnitKerja.nama).where(UnitKerja.id.in_(actor.batas_opd))))
    opd = ", ".join(names) if names else "tertentu"
    return (f"Akun '{actor.username}' dibatasi pada OPD {opd}; katalog jabatan berlaku untuk "
            "seluruh instansi dan hanya dapat diubah oleh akun tanpa batas OPD.")


def _require_catalogue(db: Database, actor: Actor) -> None:
    require(actor, Izin.KELOLA_ORGANISASI)
    refusal = catalogue_refusal(db, actor)
    if refusal is not None:
        raise AksesDitolak(f"Akses ditolak. {refusal}")


def save_jabatan(db: Database, actor: Actor, values: Mapping[str, Any], *, jabatan_id: int | None = None,
                 expected_version: int | None = None) -> JabatanRow:
    """Add or edit (rename, change, make inactive) a jabatan of the catalogue; not for an OPD-limited clerk."""
    _require_catalogue(db, actor)
    errors = FieldErrors()
    clean: dict[str, Any] = {}
    eselon = values.get("eselon")
    if isinstance(eselon, str) and _eselon_code(eselon):  # "III.b" as clerks write it -> "32"
        values = {**values, "eselon": _eselon_code(eselon)}
    for spec in JABATAN_FIELDS:
        try:
            clean[spec.name] = clean_value(spec, values.get(spec.name, True if spec.name == "aktif" else None))
        except DomainError as exc:
            errors.add(spec.name, exc.message)
    if clean.get("eselon") and clean["eselon"] not in ESELON:
        errors.add("eselon", f"Eselon '{clean['eselon']}' tidak dikenal; tulis kodenya (mis. 21 = II.a, "
                             "32 = III.b, 41 = IV.a) atau 99 untuk non-eselon")
    errors.raise_if_any()
    clean["jenjang"] = clean["jenjang"] or None
    clean["eselon"] = clean["eselon"] or None
    with tracked_session(db, actor=actor, write=True) as s:
        dup = s.scalar(select(Jabatan.id).where(func.lower(Jabatan.nama) == clean["nama"].lower()))
        if dup is not None and dup != jabatan_id:
            raise ValidasiGagal({"nama": f"Jabatan '{clean['nama']}' sudah ada di katalog"})
        if jabatan_id is None:
            jabatan = Jabatan(**clean)
            s.add(jabatan)
        else:
            found = s.get(Jabatan, jabatan_id)
            if found is None:
                raise DomainError("Jabatan ini sudah dihapus oleh pengguna lain")
            jabatan = found
            check_version(db, jabatan, expected_version)
            for name, value in clean.items():
                setattr(jabatan, name, value)
        s.flush()
        return _jabatan_row(jabatan)


def delete_jabatan(db: Database, actor: Actor, jabatan_id: int, *, expected_version: int) -> None:
    """Delete an unused jabatan; one in use must be made inactive instead. Not for an OPD-limited clerk."""
    _require_catalogue(db, actor)
    with tracked_session(db, actor=actor, write=True) as s:
        jabatan = s.get(Jabatan, jabatan_id)
        if jabatan is None:
            return
        check_version(db, jabatan, expected_version)
        pegawai = s.scalar(select(func.count()).select_from(Pegawai).where(Pegawai.jabatan_id == jabatan_id))
        formasi = s.scalar(select(func.count()).select_from(Formasi).where(Formasi.jabatan_id == jabatan_id))
        if pegawai or formasi:
            raise DomainError(
                f"Jabatan {jabatan.nama} masih dipakai ({pegawai} pegawai, {formasi} formasi); "
                "nonaktifkan saja bila tidak dipakai lagi."
            )
        s.delete(jabatan)


# ------------------------------------------------------------------------------------ formasi


def list_formasi(db: Database, actor: Actor, unit_id: int, *, include_sub_units: bool = False) -> tuple[FormasiRow, ...]:
    """Formasi of a unit with kebutuhan, derived terisi and selisih.

    Unit+jabatan pairs that pegawai hold without a recorded formasi are listed too (``id`` None,
    kebutuhan 0), so an over-filled post is never hidden.
    """
    require(actor, Izin.LIHAT_DATA)
    with db.session() as s:
        unit = s.get(UnitKerja, unit_id)
        if unit is None:
            raise DomainError("Unit kerja tidak ditemukan")
        ids = _subtree_ids(s, unit.path) if include_sub_units else [unit_id]
        filled: dict[tuple[int, int], int] = {
            (u, j): n
            for (u, j), n in active_counts(
                s, Pegawai.unit_id, Pegawai.jabatan_id, where=Pegawai.unit_id.in_(ids)
            ).items()
            if u is not None and j is not None
        }
        rows: list[FormasiRow] = []
        seen: set[tuple[int, int]] = set()
        stmt = (
            select(Formasi, UnitKerja.nama, Jabatan.nama, Jabatan.jenis)
            .join(UnitKerja, UnitKerja.id == Formasi.unit_id)
            .join(Jabatan, Jabatan.id == Formasi.jabatan_id)
            .where(Formasi.unit_id.in_(ids))
        )
        for f, unit_nama, jabatan_nama, jenis in s.execute(stmt).all():
            key = (f.unit_id, f.jabatan_id)
            seen.add(key)
            rows.append(FormasiRow(
                id=f.id, unit_id=f.unit_id, unit_nama=unit_nama, jabatan_id=f.jabatan_id, jabatan_nama=jabatan_nama,
                jenis_jabatan=jenis, kebutuhan=f.kebutuhan, terisi=filled.get(key, 0), catatan=f.catatan or "",
                version=f.version,
            ))
        missing = [key for key in filled if key not in seen]
        if missing:
            names = dict(s.execute(select(UnitKerja.id, UnitKerja.nama).where(UnitKerja.id.in_(ids))).all())
            jab = {j.id: j for j in s.scalars(select(Jabatan).where(Jabatan.id.in_({k[1] for k in missing})))}
            for u, j in missing:
                rows.append(FormasiRow(
                    id=None, unit_id=u, unit_nama=names.get(u, ""), jabatan_id=j, jabatan_nama=jab[j].nama,
                    jenis_jabatan=jab[j].jenis, kebutuhan=0, terisi=filled[(u, j)], catatan="", version=0,
                ))
        rows.sort(key=lambda r: (r.unit_nama, r.jabatan_nama))
        return tuple(rows)


def save_formasi(db: Database, actor: Actor, *, unit_id: int, jabatan_id: int, kebutuhan: int, catatan: str = "",
                 formasi_id: int | None = None, expected_version: int | None = None) -> FormasiRow:
    """Record (or change) the kebutuhan of a unit × jabatan."""
    require(actor, Izin.KELOLA_ORGANISASI)
    if kebutuhan < 0:
        raise ValidasiGagal({"kebutuhan": "Kebutuhan tidak boleh negatif"})
    with tracked_session(db, actor=actor, write=True) as s:
        unit, jabatan = s.get(UnitKerja, unit_id), s.get(Jabatan, jabatan_id)
        if unit is None:
            raise ValidasiGagal({"unit_id": "Unit kerja tidak ditemukan"})
        if jabatan is None:
            raise ValidasiGagal({"jabatan_id": "Jabatan tidak ditemukan"})
        _in_scope(actor, unit)
        if formasi_id is None:
            existing = s.scalar(select(Formasi).where(Formasi.unit_id == unit_id, Formasi.jabatan_id == jabatan_id))
            if existing is not None:
                raise ValidasiGagal({"jabatan_id": f"Formasi {jabatan.nama} di {unit.nama} sudah ada; ubah yang ada"})
            formasi = Formasi(unit_id=unit_id, jabatan_id=jabatan_id, kebutuhan=kebutuhan, catatan=catatan)
            s.add(formasi)
        else:
            found = s.get(Formasi, formasi_id)
            if found is None:
                raise DomainError("Formasi ini sudah dihapus oleh pengguna lain")
            formasi = found
            check_version(db, formasi, expected_version)
            formasi.kebutuhan = kebutuhan
            formasi.catatan = catatan
        s.flush()
        terisi = s.scalar(
            select(func.count()).select_from(Pegawai).where(
                Pegawai.unit_id == unit_id, Pegawai.jabatan_id == jabatan_id, _active_pegawai()
            )
        ) or 0
        return FormasiRow(
            id=formasi.id, unit_id=unit_id, unit_nama=unit.nama, jabatan_id=jabatan_id, jabatan_nama=jabatan.nama,
            jenis_jabatan=jabatan.jenis, kebutuhan=formasi.kebutuhan, terisi=terisi, catatan=formasi.catatan,
            version=formasi.version,
        )


def delete_formasi(db: Database, actor: Actor, formasi_id: int, *, expected_version: int) -> None:
    """Remove a formasi that nobody holds and no open usul targets."""
    require(actor, Izin.KELOLA_ORGANISASI)
    with tracked_session(db, actor=actor, write=True) as s:
        formasi = s.get(Formasi, formasi_id)
        if formasi is None:
            return
        check_version(db, formasi, expected_version)
        _in_scope(actor, s.get(UnitKerja, formasi.unit_id))
        terisi = s.scalar(select(func.count()).select_from(Pegawai).where(
            Pegawai.unit_id == formasi.unit_id, Pegawai.jabatan_id == formasi.jabatan_id, _active_pegawai()))
        if terisi:
            raise DomainError(f"Formasi ini masih diisi {terisi} pegawai; tidak dapat dihapus")
        usul = s.scalar(select(func.count()).select_from(UsulMutasi).where(UsulMutasi.tujuan_formasi_id == formasi_id))
        if usul:
            raise DomainError(f"Formasi ini menjadi tujuan {usul} usul mutasi; tidak dapat dihapus")
        s.delete(formasi)
