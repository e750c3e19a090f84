"""Import riwayat jabatan (the posts a pegawai held) from a sheet, with the SIASN riwayat
jabatan fields (``jabatanNama``, ``unorNama``, ``tmtJabatan``, ``nomorSk`` ...). A row is
matched on pegawai + TMT jabatan + jabatan name; posts outside this daerah keep their names as
snapshots, so unknown jabatan/unit names are linked when they exist and never created."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from mutasi_desktop.db.models import RiwayatJabatan
from mutasi_desktop.domain.column_mapping import FieldSpec
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.import_values import clean_date, clean_text, guess_jenis_jabatan
from mutasi_desktop.domain.jabatan_kinds import ESELON
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
_LABELS = {"unit_nama": "Unit kerja", "instansi_nama": "Instansi", "jenis_jabatan": "Jenis jabatan",
           "eselon": "Eselon", "tmt_pelantikan": "TMT pelantikan", "nomor_sk": "Nomor SK", "tanggal_sk": "Tanggal SK",
           "jabatan_id": "Jabatan (katalog)", "unit_id": "Unit kerja (struktur)"}
_ESELON_BY_LABEL = {fold(v): k for k, v in ESELON.items()}


class RiwayatJabatanImport(RecordImport):
    jenis = "RIWAYAT_JABATAN"
    entitas = "riwayat_jabatan"
    judul = "riwayat jabatan"
    fields = (
        F("nip", "NIP", ("NIP BARU",), True, "nip"),
        F("nama", "NAMA", ("NAMA PEGAWAI",)),
        F("jabatan", "JABATAN", ("NAMA JABATAN", "JABATAN NAMA", "JABATAN FUNGSIONAL NAMA",
                                 "JABATAN FUNGSIONAL UMUM NAMA"), True),
        F("unit", "UNIT KERJA", ("UNOR NAMA", "UNOR", "NAMA UNIT KERJA")),
        F("instansi", "INSTANSI", ("INSTANSI NAMA", "INSTANSI KERJA NAMA")),
        F("jenis_jabatan", "JENIS JABATAN", ("JENIS JABATAN NAMA",)),
        F("eselon", "ESELON", ("ESELON ID",)),
        F("tmt_jabatan", "TMT JABATAN", (), True, "date"),
        F("tmt_pelantikan", "TMT PELANTIKAN", (), False, "date"),
        F("nomor_sk", "NOMOR SK", ("NO SK",)),
        F("tanggal_sk", "TANGGAL SK", ("TGL SK",), False, "date"),
    )

    def clean(self, raw: Mapping[str, object], ctx: Context, warn: Any) -> dict[str, Any]:
        pegawai_id, nama, nip = self.pegawai_of(ctx, raw)
        jabatan = clean_text(raw.get("jabatan"), label="Jabatan", max_len=250)
        if not jabatan:
            raise RowProblem("jabatan", "Nama jabatan wajib diisi")
        dates: dict[str, Any] = {}
        for key, label in (("tmt_jabatan", "TMT jabatan"), ("tmt_pelantikan", "TMT pelantikan"),
                           ("tanggal_sk", "Tanggal SK")):
            try:
                dates[key] = clean_date(raw.get(key), label=label)
            except DomainError as exc:
                raise RowProblem(key, exc.message) from None
        if dates["tmt_jabatan"] is None:
            raise RowProblem("tmt_jabatan", "TMT jabatan wajib diisi")
        unit = clean_text(raw.get("unit"), label="Unit kerja", max_len=250)
        values: dict[str, Any] = {
            "pegawai_id": pegawai_id, "jabatan_nama": jabatan, "unit_nama": unit or "",
            "instansi_nama": clean_text(raw.get("instansi"), label="Instansi", max_len=200) or "",
            "tmt_jabatan": dates["tmt_jabatan"], "tmt_pelantikan": dates["tmt_pelantikan"],
            "tanggal_sk": dates["tanggal_sk"], "nomor_sk": clean_text(raw.get("nomor_sk"), label="Nomor SK",
                                                                        max_len=120) or "",
            "_nama": nama, "_nip": nip, "_key": (pegawai_id, dates["tmt_jabatan"], fold(jabatan)),
        }
        jenis_text = clean_text(raw.get("jenis_jabatan"))
        try:
            values["jenis_jabatan"] = guess_jenis_jabatan(jenis_text, jabatan).value
        except DomainError as exc:
            warn("jenis_jabatan", exc.message)
        eselon = clean_text(raw.get("eselon"))
        if eselon:
            code = eselon if eselon in ESELON else _ESELON_BY_LABEL.get(fold(eselon))
            if code is None:
                warn("eselon", f"Eselon '{eselon}' tidak dikenali; dikosongkan")
            else:
                values["eselon"] = code
        values["jabatan_id"] = self.jabatan_ref(ctx, jabatan, record_unknown=False)
        if unit:
            ident, _amb = ctx.units.resolve(unit, None)
            values["unit_id"] = ident
        return values

    def load(self, ctx: Context, rows: Sequence[dict[str, Any]]) -> None:
        ids = sorted({r["pegawai_id"] for r in rows})
        existing: dict[tuple[Any, ...], RiwayatJabatan] = {}
        for start in range(0, len(ids), 500):
            for rj in ctx.session.scalars(select(RiwayatJabatan).where(
                    RiwayatJabatan.pegawai_id.in_(ids[start : start + 500]), RiwayatJabatan.dibatalkan.is_(False))):
                existing[(rj.pegawai_id, rj.tmt_jabatan, fold(rj.jabatan_nama))] = rj
        ctx.extra["riwayat"] = existing

    def compare(self, ctx: Context, values: dict[str, Any]) -> tuple[str, list[RecordChange], str]:
        label = f"{values['_nama']} ({values['_nip']}): {values['jabatan_nama']}"
        old = ctx.extra["riwayat"].get(values["_key"])
        if old is None:
            return BARU, [], label
        current = {k: getattr(old, k) for k in _LABELS}
        new = {k: v for k, v in values.items() if not (k in ("unit_nama", "instansi_nama", "nomor_sk") and v == "")}
        changes = diff_values(current, new, _LABELS)
        return (BERUBAH if changes else SAMA), changes, label

    def write(self, ctx: Context, values: dict[str, Any], status: str) -> None:
        data = {k: v for k, v in values.items() if not k.startswith("_")}
        old = ctx.extra["riwayat"].get(values["_key"])
        if old is None:
            data["keterangan"] = "Impor riwayat jabatan"
            ctx.session.add(RiwayatJabatan(**data))
            return
        for key, value in data.items():
            if value is not None and value != "":
                setattr(old, key, value)
