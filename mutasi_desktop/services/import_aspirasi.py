"""Import aspirasi pegawai gathered on a sheet (a forum or a questionnaire): NIP, date, up to
three preferred units, places, preferred jabatan, reason and willingness. One row per pegawai
and date; ``sumber`` is IMPORT. Unknown unit/jabatan names are listed and left empty."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from mutasi_desktop.db.models import Aspirasi
from mutasi_desktop.domain.column_mapping import FieldSpec
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.import_values import clean_date, clean_text
from mutasi_desktop.domain.mutasi_kinds import AlasanMutasi
from mutasi_desktop.domain.search_text import fold
from mutasi_desktop.services.import_common import BARU, BERUBAH, SAMA
from mutasi_desktop.services.import_records import (
    Context,
    RecordChange,
    RecordImport,
    RowProblem,
    diff_values,
)

F = FieldSpec
_LABELS = {"berlaku_sampai": "Berlaku sampai", "unit_pilihan_1_id": "Unit pilihan 1",
           "unit_pilihan_2_id": "Unit pilihan 2", "unit_pilihan_3_id": "Unit pilihan 3",
           "lokasi_pilihan": "Lokasi pilihan", "jabatan_pilihan_id": "Jabatan pilihan", "alasan": "Alasan",
           "alasan_keterangan": "Keterangan alasan", "kesediaan": "Kesediaan", "syarat": "Syarat"}
_KESEDIAAN = {"BERSEDIA": "BERSEDIA", "YA": "BERSEDIA", "BERSEDIA DIMUTASI": "BERSEDIA",
              "BERSYARAT": "BERSYARAT", "BERSEDIA DENGAN SYARAT": "BERSYARAT",
              "TIDAK BERSEDIA": "TIDAK_BERSEDIA", "TIDAK": "TIDAK_BERSEDIA", "TIDAK BERSEDIA DIMUTASI": "TIDAK_BERSEDIA"}
_ALASAN = {fold(a.label): a.value for a in AlasanMutasi} | {fold(a.value): a.value for a in AlasanMutasi} | {
    "dekat keluarga": "DEKAT_KELUARGA", "ikut suami": "IKUT_PASANGAN", "ikut istri": "IKUT_PASANGAN",
    "ikut pasangan": "IKUT_PASANGAN", "kesehatan": "KESEHATAN"}


class AspirasiImport(RecordImport):
    jenis = "ASPIRASI"
    entitas = "aspirasi"
    judul = "aspirasi pegawai"
    fields = (
        F("nip", "NIP", ("NIP BARU",), True, "nip"),
        F("nama", "NAMA", ("NAMA PEGAWAI",)),
        F("tanggal", "TANGGAL", ("TANGGAL PENGISIAN", "TANGGAL ASPIRASI"), True, "date"),
        F("berlaku_sampai", "BERLAKU SAMPAI", (), False, "date"),
        F("unit_1", "UNIT PILIHAN 1", ("PILIHAN 1", "PILIHAN UNIT 1", "UNIT TUJUAN 1")),
        F("unit_2", "UNIT PILIHAN 2", ("PILIHAN 2", "PILIHAN UNIT 2", "UNIT TUJUAN 2")),
        F("unit_3", "UNIT PILIHAN 3", ("PILIHAN 3", "PILIHAN UNIT 3", "UNIT TUJUAN 3")),
        F("lokasi", "LOKASI PILIHAN", ("LOKASI", "LOKASI YANG DIINGINKAN")),
        F("jabatan", "JABATAN PILIHAN", ("JABATAN YANG DIINGINKAN",)),
        F("alasan", "ALASAN", ("ALASAN MUTASI",)),
        F("alasan_keterangan", "KETERANGAN ALASAN", ("URAIAN ALASAN",)),
        F("kesediaan", "KESEDIAAN", ("BERSEDIA DIMUTASI",)),
        F("syarat", "SYARAT", ("SYARAT KESEDIAAN",)),
    )

    def clean(self, raw: Mapping[str, object], ctx: Context, warn: Any) -> dict[str, Any]:
        pegawai_id, nama, nip = self.pegawai_of(ctx, raw)
        try:
            tanggal = clean_date(raw.get("tanggal"), label="Tanggal")
            sampai = clean_date(raw.get("berlaku_sampai"), label="Berlaku sampai")
        except DomainError as exc:
            raise RowProblem("tanggal" if "Tanggal:" in exc.message else "berlaku_sampai", exc.message) from None
        if tanggal is None:
            raise RowProblem("tanggal", "Tanggal wajib diisi")
        if sampai is not None and sampai < tanggal:
            raise RowProblem("berlaku_sampai", "Tanggal berlaku sampai tidak boleh sebelum tanggal aspirasi")
        values: dict[str, Any] = {"pegawai_id": pegawai_id, "tanggal": tanggal, "berlaku_sampai": sampai,
                                  "sumber": "IMPORT", "_nama": nama, "_nip": nip, "_key": (pegawai_id, tanggal)}
        for i in (1, 2, 3):
            text = clean_text(raw.get(f"unit_{i}"), label=f"Unit pilihan {i}", max_len=250)
            ident = self.unit_ref(ctx, text)
            if text and ident is None:
                warn(f"unit_{i}", f"Unit kerja '{text}' belum ada; pilihan ini dikosongkan")
            values[f"unit_pilihan_{i}_id"] = ident
        jabatan = clean_text(raw.get("jabatan"), label="Jabatan pilihan", max_len=250)
        values["jabatan_pilihan_id"] = self.jabatan_ref(ctx, jabatan)
        if jabatan and values["jabatan_pilihan_id"] is None:
            warn("jabatan", f"Jabatan '{jabatan}' belum ada; pilihan ini dikosongkan")
        lokasi = clean_text(raw.get("lokasi"), label="Lokasi", max_len=1000)
        values["lokasi_pilihan"] = ";".join(p.strip() for p in (lokasi or "").replace(",", ";").split(";") if p.strip())
        alasan = clean_text(raw.get("alasan"))
        if alasan:
            code = _ALASAN.get(fold(alasan))
            if code is None:
                values["alasan"] = "LAINNYA"
                values["alasan_keterangan"] = alasan
                warn("alasan", f"Alasan '{alasan}' tidak dikenali; dicatat sebagai Lainnya")
            else:
                values["alasan"] = code
        keterangan = clean_text(raw.get("alasan_keterangan"), label="Keterangan alasan", max_len=2000)
        if keterangan:
            values["alasan_keterangan"] = keterangan
        kesediaan = clean_text(raw.get("kesediaan"))
        if kesediaan:
            code = _KESEDIAAN.get(" ".join(kesediaan.upper().split()))
            if code is None:
                raise RowProblem("kesediaan", f"Kesediaan '{kesediaan}' tidak dikenali; gunakan Bersedia, "
                                              "Bersedia dengan syarat atau Tidak bersedia")
            values["kesediaan"] = code
        syarat = clean_text(raw.get("syarat"), label="Syarat", max_len=2000)
        if syarat:
            values["syarat"] = syarat
        if values.get("kesediaan") == "BERSYARAT" and not syarat:
            warn("syarat", "Kesediaan bersyarat tanpa uraian syarat")
        return values

    def load(self, ctx: Context, rows: Sequence[dict[str, Any]]) -> None:
        ids = sorted({r["pegawai_id"] for r in rows})
        existing: dict[tuple[Any, ...], Aspirasi] = {}
        for start in range(0, len(ids), 500):
            for a in ctx.session.scalars(select(Aspirasi).where(Aspirasi.pegawai_id.in_(ids[start : start + 500]))):
                existing[(a.pegawai_id, a.tanggal)] = a
        ctx.extra["aspirasi"] = existing

    def compare(self, ctx: Context, values: dict[str, Any]) -> tuple[str, list[RecordChange], str]:
        label = f"{values['_nama']} ({values['_nip']}) {values['tanggal']:%d-%m-%Y}"
        old = ctx.extra["aspirasi"].get(values["_key"])
        if old is None:
            return BARU, [], label
        changes = diff_values({k: getattr(old, k) for k in _LABELS}, values, _LABELS)
        return (BERUBAH if changes else SAMA), changes, label

    def write(self, ctx: Context, values: dict[str, Any], status: str) -> None:
        data = {k: v for k, v in values.items() if not k.startswith("_")}
        old = ctx.extra["aspirasi"].get(values["_key"])
        if old is None:
            ctx.session.add(Aspirasi(**data))
            return
        for key, value in data.items():
            if value is not None:
                setattr(old, key, value)
