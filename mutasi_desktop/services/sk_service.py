"""Surat keputusan: draft from approved usul, set (number + freeze), print, supersede, verify.

Life of an SK: ``DRAF`` (made from a batch or a list of usul in state DISETUJUI; printable with a
DRAF mark) → ``DITETAPKAN`` by :func:`tetapkan_sk`, which in ONE transaction takes the next number
of its template under a lock, freezes the document data as JSON with its SHA-256, derives the
verification codes of the SK and of each petikan, and moves every usul to SK_DITETAPKAN. After
that the SK is printed only from the frozen JSON, so every re-print is the same document. A wrong
SK is never edited: :func:`buat_sk_pengganti` drafts a correcting SK that names the old one
(``menggantikan_id``); setting it marks the old one DIGANTIKAN.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mutasi_desktop.db.base import utcnow
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import (
    NomorCounter,
    NomorTemplate,
    Penandatangan,
    SkPetikan,
    SuratKeputusan,
    UsulMutasi,
)
from mutasi_desktop.documents.pdf.sk_data import PetikanData, SkData, sk_from_dict, sk_to_dict
from mutasi_desktop.domain.dates import format_tanggal
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.numbering import NomorParts, format_nomor
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.domain.usul_states import StatusUsul
from mutasi_desktop.domain.verification_code import content_sha256, make_code, qr_payload
from mutasi_desktop.services import audit_service, usul_apply, usul_store
from mutasi_desktop.services.office_settings_service import default_template, pengaturan_in, secret_in
from mutasi_desktop.services.sk_content import (
    DIBATALKAN,
    DIGANTIKAN,
    DITETAPKAN,
    DRAF,
    STATUS_LABEL,
    build_sk_data,
    freeze_image,
    image_file,
    pegawai_baris,
    planned_tmt,
    usul_for,
    usul_of,
)
from mutasi_desktop.services.sk_numbering import ambil_nomor, next_urut

__all__ = [
    "DIBATALKAN", "DIGANTIKAN", "DITETAPKAN", "DRAF", "STATUS_LABEL", "SkDetail", "SkPegawaiInfo", "SkRingkas",
    "UsulSiapSk", "ambil_nomor", "buat_sk", "buat_sk_pengganti", "build_sk_data", "catat_cetak",
    "daftar_sk", "daftar_usul_siap_sk", "detail_sk", "hapus_draf", "integritas_ok", "konten_json",
    "pegawai_baris", "perkiraan_nomor", "petikan_data", "sk_data", "subjek_petikan", "tetapkan_sk", "ubah_draf", "usul_for",
]  # fmt: skip

AUDIT_ENTITAS = "surat_keputusan"
SUBJEK_SK = "SK"


def subjek_petikan(nip: str) -> str:
    return f"PETIKAN:{nip}"


@dataclass(frozen=True)
class SkRingkas:
    id: int
    nomor: str
    status: str
    jenis: str
    tentang: str
    tanggal_penetapan: date | None
    tmt: date | None
    jumlah_pegawai: int
    penandatangan: str
    kode_verifikasi: str
    menggantikan_id: int | None
    menggantikan_nomor: str
    digantikan_oleh_nomor: str
    version: int

    @property
    def status_label(self) -> str:
        return STATUS_LABEL.get(self.status, self.status)


@dataclass(frozen=True)
class SkPegawaiInfo:
    usul_id: int
    usul_nomor: str
    nama: str
    nip: str
    jabatan_lama: str
    unit_lama: str
    jabatan_baru: str
    unit_baru: str
    status_usul: str
    kode_petikan: str


@dataclass(frozen=True)
class SkDetail:
    sk: SkRingkas
    pegawai: tuple[SkPegawaiInfo, ...]
    konten_sha256: str
    ditetapkan_oleh: str
    integritas_ok: bool | None  # None for a draft


# ------------------------------------------------------------------ reading rows


def _sk_row(s: Session, sk_id: int) -> SuratKeputusan:
    row = s.get(SuratKeputusan, sk_id)
    if row is None:
        raise DomainError(f"SK dengan id {sk_id} tidak ditemukan", field="sk_id")
    return row


def _ringkas(s: Session, row: SuratKeputusan) -> SkRingkas:
    if row.konten and "usul_ids" in row.konten:
        count = len(row.konten["usul_ids"])
    elif row.konten and "pegawai" in row.konten:
        count = len(row.konten["pegawai"])
    else:
        count = s.scalar(select(func.count()).select_from(UsulMutasi).where(UsulMutasi.sk_id == row.id)) or 0
    signer = s.get(Penandatangan, row.penandatangan_id) if row.penandatangan_id else None
    old = s.get(SuratKeputusan, row.menggantikan_id) if row.menggantikan_id else None
    newer = s.scalar(select(SuratKeputusan.nomor).where(SuratKeputusan.menggantikan_id == row.id,
                                                        SuratKeputusan.status == DITETAPKAN))
    return SkRingkas(
        id=row.id, nomor=row.nomor or "", status=row.status, jenis=row.jenis,
        tentang=row.tentang or str((row.konten or {}).get("tentang", "")),
        tanggal_penetapan=row.tanggal_penetapan, tmt=row.tmt or planned_tmt(s, row), jumlah_pegawai=int(count),
        penandatangan=signer.nama if signer else "", kode_verifikasi=row.kode_verifikasi or "",
        menggantikan_id=row.menggantikan_id, menggantikan_nomor=(old.nomor or "") if old else "",
        digantikan_oleh_nomor=newer or "", version=row.version,
    )  # fmt: skip


# ------------------------------------------------------------------ drafting


def _require_draft_rights(by: Actor) -> None:
    """Drafting an SK is the clerk's work (KELOLA_USUL) or the official's (TETAPKAN_SK)."""
    if not by.can(Izin.KELOLA_USUL):
        require(by, Izin.TETAPKAN_SK)


def _check_usul_for_sk(
    s: Session, usul: Sequence[UsulMutasi], *, replacing: SuratKeputusan | None, own_id: int | None = None
) -> None:
    problems = []
    for u in usul:
        allowed = {StatusUsul.DISETUJUI.value}
        if replacing is not None and u.sk_id == replacing.id:
            allowed.add(StatusUsul.SK_DITETAPKAN.value)
        if u.status not in allowed:
            label = StatusUsul(u.status).label if u.status in StatusUsul.__members__ else u.status
            need = "Disetujui atau SK Ditetapkan (belum dilaksanakan)" if replacing is not None else "Disetujui"
            problems.append(f"{u.nomor} ({u.pegawai.nama}): berstatus {label}, harus {need}")
            continue
        if u.sk_id is not None and u.sk_id != own_id and (replacing is None or u.sk_id != replacing.id):
            other = s.get(SuratKeputusan, u.sk_id)
            if other is not None and other.status in (DRAF, DITETAPKAN):
                problems.append(f"{u.nomor} ({u.pegawai.nama}): sudah dimuat dalam SK {other.nomor or 'draf #' + str(other.id)}")
    if problems:
        raise DomainError("Usul berikut tidak dapat dimuat dalam SK: " + "; ".join(problems), field="usul")


def buat_sk(
    db: Database,
    *,
    by: Actor,
    usul_ids: Sequence[int] = (),
    batch_id: int | None = None,
    tentang: str = "",
    penandatangan_id: int | None = None,
    nomor_template_id: int | None = None,
    tmt: date | None = None,
    tempat: str = "",
    menggantikan_id: int | None = None,
) -> SkRingkas:
    """Draft an SK covering the given usul (or every approved usul of ``batch_id``)."""
    _require_draft_rights(by)
    with db.session(actor=by, write=True) as s:
        replacing = _sk_row(s, menggantikan_id) if menggantikan_id else None
        if replacing is not None and replacing.status != DITETAPKAN:
            raise DomainError("Hanya SK yang sudah ditetapkan yang dapat digantikan", field="menggantikan_id")
        ids = list(dict.fromkeys(usul_ids))
        if batch_id is not None:
            ids += [i for i in s.scalars(select(UsulMutasi.id).where(
                UsulMutasi.batch_id == batch_id, UsulMutasi.status == StatusUsul.DISETUJUI.value)) if i not in ids]
        if replacing is not None and not ids:
            ids = [u.id for u in usul_of(s, replacing.id)]
        if not ids:
            raise DomainError("Pilih sedikitnya satu usul mutasi yang sudah disetujui", field="usul")
        usul = list(s.scalars(select(UsulMutasi).where(UsulMutasi.id.in_(ids)).order_by(UsulMutasi.id)))
        missing = set(ids) - {u.id for u in usul}
        if missing:
            raise DomainError(f"Usul dengan id {', '.join(map(str, sorted(missing)))} tidak ditemukan", field="usul")
        _check_usul_for_sk(s, usul, replacing=replacing)
        pengaturan = pengaturan_in(s)
        template = s.get(NomorTemplate, nomor_template_id) if nomor_template_id else default_template(s, pengaturan)
        if template is None:
            raise DomainError(f"Pola nomor dengan id {nomor_template_id} tidak ditemukan", field="nomor_template_id")
        signer_id = penandatangan_id or pengaturan.penandatangan_id
        if signer_id is None:
            signer_id = s.scalar(select(Penandatangan.id).where(Penandatangan.aktif.is_(True)).order_by(Penandatangan.id))
        if signer_id is not None and s.get(Penandatangan, signer_id) is None:
            raise DomainError(f"Penandatangan dengan id {signer_id} tidak ditemukan", field="penandatangan_id")
        row = SuratKeputusan(
            jenis="KOREKSI" if replacing else "MUTASI", status=DRAF, tentang=tentang.strip(), batch_id=batch_id,
            penandatangan_id=signer_id, nomor_template_id=template.id, tmt=tmt, tempat_penetapan=tempat.strip(),
            menggantikan_id=replacing.id if replacing else None, created_by=by.username, updated_by=by.username,
        )  # fmt: skip
        s.add(row)
        s.flush()
        if replacing is None:
            for u in usul:
                u.sk_id = row.id
        audit_service.record(s, by, audit_service.Aksi.CREATE, AUDIT_ENTITAS, row.id,
                             f"Draf SK dibuat untuk {len(usul)} usul", {"usul": [u.nomor for u in usul]})
        # A correcting draft keeps its list of usul in the draft's own column until it is set.
        if replacing is not None:
            row.konten = {"usul_ids": [u.id for u in usul]}
        return _ringkas(s, row)


def hapus_draf(db: Database, sk_id: int, *, by: Actor) -> None:
    """Delete a draft SK; its usul become free for another SK."""
    _require_draft_rights(by)
    with db.session(actor=by, write=True) as s:
        row = _sk_row(s, sk_id)
        if row.status != DRAF:
            raise DomainError("Hanya draf SK yang dapat dihapus; SK yang sudah ditetapkan digantikan dengan SK koreksi")
        for u in usul_of(s, row.id):
            u.sk_id = None
        audit_service.record(s, by, audit_service.Aksi.DELETE, AUDIT_ENTITAS, row.id, "Draf SK dihapus")
        s.delete(row)


def ubah_draf(db: Database, sk_id: int, *, by: Actor, tentang: str | None = None, penandatangan_id: int | None = None,
              tmt: date | None = None, tempat: str | None = None, version: int | None = None) -> SkRingkas:
    _require_draft_rights(by)
    with db.session(actor=by, write=True) as s:
        row = _sk_row(s, sk_id)
        if row.status != DRAF:
            raise DomainError("SK yang sudah ditetapkan tidak dapat diubah")
        if version is not None and row.version != version:
            raise DomainError("Draf SK telah diubah pengguna lain; muat ulang lalu ulangi")
        if tentang is not None:
            row.tentang = tentang.strip()
        if penandatangan_id is not None:
            if s.get(Penandatangan, penandatangan_id) is None:
                raise DomainError(f"Penandatangan dengan id {penandatangan_id} tidak ditemukan")
            row.penandatangan_id = penandatangan_id
        if tmt is not None:
            row.tmt = tmt
        if tempat is not None:
            row.tempat_penetapan = tempat.strip()
        row.updated_by = by.username
        s.flush()
        return _ringkas(s, row)


def buat_sk_pengganti(db: Database, sk_id: int, *, by: Actor, tentang: str = "") -> SkRingkas:
    """Draft a correcting SK for ``sk_id`` with the same usul; the old SK stays until the new one is set."""
    return buat_sk(db, by=by, menggantikan_id=sk_id, tentang=tentang)


# ------------------------------------------------------------------ setting (numbering + freezing)


def _mark_usul_sk_ditetapkan(s: Session, usul: Sequence[UsulMutasi], sk: SuratKeputusan, by: Actor) -> None:
    """The workflow's transition DISETUJUI → SK_DITETAPKAN, done by the workflow module
    (``usul_apply``: permission, inter-instansi letters, Mendagri approval, timeline, audit) inside
    this SK's transaction."""
    if usul:
        usul_apply.apply_sk_ditetapkan(s, [u.id for u in usul], by=by, sk_id=sk.id, catatan=f"SK nomor {sk.nomor}")


def perkiraan_nomor(db: Database, sk_id: int, *, tanggal: date, by: Actor) -> str:
    """The number this draft would get if set now on ``tanggal`` (nothing is taken; another clerk
    setting an SK first moves it on). Shown to the Pejabat before setting."""
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        row = _sk_row(s, sk_id)
        template = s.get(NomorTemplate, row.nomor_template_id) if row.nomor_template_id else None
        if template is None:
            template = default_template(s, pengaturan_in(s))
        terakhir = s.scalar(select(NomorCounter.terakhir).where(NomorCounter.template_id == template.id,
                                                                NomorCounter.tahun == tanggal.year))
        return format_nomor(template.pola, NomorParts(template.kode_klasifikasi, template.kode_unit,
                                                      template.lebar_urut), urut=(terakhir or 0) + 1, tanggal=tanggal)


def tetapkan_sk(db: Database, sk_id: int, *, tanggal: date, by: Actor, tempat: str = "",
                version: int | None = None, tmt: date | None = None) -> SkRingkas:
    """Number, freeze and set the SK (one transaction; nothing changes if any step fails).

    ``tmt`` (terhitung mulai tanggal) overrides the draft's; it may not precede ``tanggal``.
    """
    require(by, Izin.TETAPKAN_SK)
    try:
        with db.session(actor=by, write=True) as s:
            row = _sk_row(s, sk_id)
            if row.status != DRAF:
                raise DomainError(f"SK {row.nomor or sk_id} sudah berstatus {STATUS_LABEL.get(row.status, row.status)}")
            if version is not None and row.version != version:
                raise DomainError("Draf SK telah diubah pengguna lain; muat ulang lalu ulangi")
            replacing = s.get(SuratKeputusan, row.menggantikan_id) if row.menggantikan_id else None
            if replacing is not None:
                if replacing.status != DITETAPKAN:
                    raise DomainError(f"SK {replacing.nomor} yang akan digantikan berstatus {replacing.status}")
                ids = (row.konten or {}).get("usul_ids") or [u.id for u in usul_of(s, replacing.id)]
                usul = list(s.scalars(select(UsulMutasi).where(UsulMutasi.id.in_(ids)).order_by(UsulMutasi.id)))
                _check_usul_for_sk(s, usul, replacing=replacing, own_id=row.id)
                for u in usul:
                    u.sk_id = row.id
                s.flush()
            else:
                usul = usul_of(s, row.id)
                _check_usul_for_sk(s, usul, replacing=None, own_id=row.id)
            if tempat.strip():
                row.tempat_penetapan = tempat.strip()
            if tmt is not None:
                row.tmt = tmt
            template = s.get(NomorTemplate, row.nomor_template_id) if row.nomor_template_id else None
            if template is None:
                template = default_template(s, pengaturan_in(s))
                row.nomor_template_id = template.id
            urut = next_urut(s, template.id, tanggal.year)
            nomor = format_nomor(template.pola, NomorParts(template.kode_klasifikasi, template.kode_unit,
                                                           template.lebar_urut), urut=urut, tanggal=tanggal)
            data = build_sk_data(s, row, nomor=nomor, tanggal=tanggal)
            data = replace(data, draf=False, kop=freeze_image(s, data.kop, by))
            konten = sk_to_dict(data)
            sha = content_sha256(konten)
            secret = secret_in(s)
            row.nomor = nomor
            row.tanggal_penetapan = tanggal
            row.tmt = row.tmt or min((u.tmt_rencana for u in usul if u.tmt_rencana), default=None)
            row.konten = konten
            row.konten_sha256 = sha
            row.kode_verifikasi = make_code(secret, sha256=sha, subject=SUBJEK_SK)
            row.status = DITETAPKAN
            row.ditetapkan_oleh = by.username
            row.ditetapkan_at = utcnow()
            row.updated_by = by.username
            for u, p in zip(usul, data.pegawai, strict=True):
                s.add(SkPetikan(sk_id=row.id, usul_id=u.id, konten_sha256=sha,
                                kode_verifikasi=make_code(secret, sha256=sha, subject=subjek_petikan(p.nip))))
            s.flush()
            already_set = [u for u in usul if u.status == StatusUsul.SK_DITETAPKAN.value]
            _mark_usul_sk_ditetapkan(s, [u for u in usul if u.status == StatusUsul.DISETUJUI.value], row, by)
            for u in already_set:  # usul carried over from the SK this one corrects: a timeline step
                usul_store.record_transition(s, u, StatusUsul.SK_DITETAPKAN, by,
                                             catatan=f"Dikoreksi dengan SK nomor {nomor}", nomor_surat=nomor,
                                             tanggal_surat=tanggal)
            if replacing is not None:
                replacing.status = DIGANTIKAN
                replacing.updated_by = by.username
            audit_service.record(s, by, audit_service.Aksi.TRANSISI, AUDIT_ENTITAS, row.id,
                                 f"SK ditetapkan: nomor {nomor} tanggal {format_tanggal(tanggal)}",
                                 {"nomor": nomor, "sha256": sha, "menggantikan": replacing.nomor if replacing else None})
            s.flush()
            return _ringkas(s, row)
    except IntegrityError as exc:
        raise DomainError("Nomor SK yang dihasilkan sudah dipakai SK lain; periksa pola dan penghitung nomor") from exc


# ------------------------------------------------------------------ frozen content and printing data


def _frozen(row: SuratKeputusan, s: Session) -> SkData:
    assert row.konten is not None
    data = sk_from_dict(row.konten)
    if data.kop.gambar_sha256:
        data = replace(data, kop=replace(data.kop, gambar_path=image_file(s, data.kop.gambar_sha256)))
    code = row.kode_verifikasi or ""
    return replace(data, kode_verifikasi=code, qr_isi=qr_payload(code, row.konten_sha256 or ""), draf=False)


def integritas_ok(row: SuratKeputusan) -> bool:
    """The frozen content still hashes to the stored SHA-256."""
    return bool(row.konten) and content_sha256(row.konten or {}) == row.konten_sha256


def sk_data(db: Database, sk_id: int, *, by: Actor) -> SkData:
    """What to print: the frozen content of a set SK, or the live draft (marked DRAF)."""
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        row = _sk_row(s, sk_id)
        if row.status == DRAF:
            return build_sk_data(s, row)
        if not integritas_ok(row):
            raise DomainError(f"Isi SK {row.nomor} di basis data tidak cocok dengan sidik SHA-256-nya; "
                              "SK tidak dicetak. Hubungi administrator.")
        return _frozen(row, s)


def petikan_data(db: Database, sk_id: int, *, by: Actor) -> list[PetikanData]:
    """One petikan per pegawai of a set SK (drafts: unnumbered, marked DRAF)."""
    data = sk_data(db, sk_id, by=by)
    with db.session() as s:
        codes = {pid: code for pid, code in s.execute(
            select(SkPetikan.usul_id, SkPetikan.kode_verifikasi).where(SkPetikan.sk_id == sk_id))}
        usul_ids = [u for u in s.scalars(select(SkPetikan.usul_id).where(SkPetikan.sk_id == sk_id)
                                         .order_by(SkPetikan.id))]
        sha = s.scalar(select(SuratKeputusan.konten_sha256).where(SuratKeputusan.id == sk_id)) or ""
    out = []
    for i, _p in enumerate(data.pegawai):
        code = codes.get(usul_ids[i], "") if i < len(usul_ids) else ""
        out.append(PetikanData(sk=data, indeks=i, kode_verifikasi=code, qr_isi=qr_payload(code, sha) if code else ""))
    return out


def catat_cetak(db: Database, sk_id: int, *, by: Actor, apa: str, berkas: str) -> None:
    """Record a print or export of an SK in the audit trail."""
    require(by, Izin.CETAK_SK)
    with db.session(actor=by, write=True) as s:
        row = _sk_row(s, sk_id)
        audit_service.record(s, by, audit_service.Aksi.CETAK_SK, AUDIT_ENTITAS, sk_id,
                             f"Cetak {apa} SK {row.nomor or 'draf #' + str(sk_id)}", {"berkas": berkas})


# ------------------------------------------------------------------ lists


def daftar_sk(db: Database, *, by: Actor, status: str | None = None, cari: str = "") -> list[SkRingkas]:
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        q = select(SuratKeputusan).order_by(SuratKeputusan.id.desc())
        if status:
            q = q.where(SuratKeputusan.status == status)
        if cari.strip():
            like = f"%{cari.strip()}%"
            q = q.where(SuratKeputusan.nomor.ilike(like) | SuratKeputusan.tentang.ilike(like))
        return [_ringkas(s, r) for r in s.scalars(q)]


def detail_sk(db: Database, sk_id: int, *, by: Actor) -> SkDetail:
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        row = _sk_row(s, sk_id)
        codes = dict(s.execute(select(SkPetikan.usul_id, SkPetikan.kode_verifikasi).where(SkPetikan.sk_id == sk_id)).all())
        if codes:  # a superseded SK: its usul now point at the new SK, its petikan rows still list them
            usul = list(s.scalars(select(UsulMutasi).where(UsulMutasi.id.in_(codes)).order_by(UsulMutasi.id)))
        else:
            usul = usul_for(s, row)
        people = []
        for u in usul:
            b = pegawai_baris(s, u)
            people.append(SkPegawaiInfo(
                usul_id=u.id, usul_nomor=u.nomor, nama=b.nama, nip=b.nip, jabatan_lama=b.jabatan_lama,
                unit_lama=b.unit_lama, jabatan_baru=b.jabatan_baru, unit_baru=b.unit_baru,
                status_usul=StatusUsul(u.status).label if u.status in StatusUsul.__members__ else u.status,
                kode_petikan=codes.get(u.id, ""),
            ))  # fmt: skip
        return SkDetail(
            sk=_ringkas(s, row), pegawai=tuple(people), konten_sha256=row.konten_sha256 or "",
            ditetapkan_oleh=row.ditetapkan_oleh or "", integritas_ok=None if row.status == DRAF else integritas_ok(row),
        )


def konten_json(db: Database, sk_id: int, *, by: Actor) -> dict[str, Any] | None:
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        return _sk_row(s, sk_id).konten


@dataclass(frozen=True)
class UsulSiapSk:
    """An approved usul that no SK covers yet."""

    id: int
    nomor: str
    nama: str
    nip: str
    asal: str
    tujuan: str
    tmt_rencana: date | None
    batch_id: int | None


def daftar_usul_siap_sk(db: Database, *, by: Actor) -> list[UsulSiapSk]:
    """Usul in state DISETUJUI that are not in a draft or set SK (the choices for a new SK)."""
    require(by, Izin.LIHAT_DATA)
    with db.session() as s:
        busy = set(s.scalars(select(SuratKeputusan.id).where(SuratKeputusan.status.in_((DRAF, DITETAPKAN)))))
        rows = s.scalars(select(UsulMutasi).where(UsulMutasi.status == StatusUsul.DISETUJUI.value)
                         .order_by(UsulMutasi.batch_id, UsulMutasi.id))
        out = []
        for u in rows:
            if u.sk_id in busy:
                continue
            b = pegawai_baris(s, u)
            out.append(UsulSiapSk(
                id=u.id, nomor=u.nomor, nama=b.nama, nip=b.nip, asal=f"{b.jabatan_lama} — {b.unit_lama}",
                tujuan=f"{b.jabatan_baru} — {b.unit_baru}", tmt_rencana=u.tmt_rencana, batch_id=u.batch_id,
            ))  # fmt: skip
        return out
