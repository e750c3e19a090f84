"""Import riwayat SKP (yearly performance) from a sheet: NIP, tahun and either the old 0-100
nilai (PP 46/2011) or the 2022+ predikat (directly, or from the hasil kerja × perilaku kerja
ratings). One row per pegawai and year; an existing year is updated, an identical one skipped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select

from mutasi_desktop.db.models import Skp
from mutasi_desktop.domain.column_mapping import FieldSpec
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.import_values import clean_int, clean_nip, clean_number, clean_text
from mutasi_desktop.domain.skp import (
    Predikat,
    SkalaSkp,
    parse_predikat,
    parse_rating,
    predikat_from_matrix,
    predikat_from_nilai,
)
from mutasi_desktop.services.import_common import BARU, BERUBAH, SAMA
from mutasi_desktop.services.import_records import (
    Context,
    RecordChange,
    RecordImport,
    RowProblem,
    diff_values,
)

F = FieldSpec
_LABELS = {"skala": "Skala", "nilai": "Nilai", "predikat": "Predikat", "hasil_kerja": "Hasil kerja",
           "perilaku_kerja": "Perilaku kerja", "penilai_nama": "Penilai", "penilai_nip": "NIP penilai"}


class SkpImport(RecordImport):
    jenis = "SKP"
    entitas = "skp"
    judul = "riwayat SKP"
    fields = (
        F("nip", "NIP", ("NIP BARU", "NIP PEGAWAI"), True, "nip"),
        F("nama", "NAMA", ("NAMA PEGAWAI",)),
        F("tahun", "TAHUN", ("TAHUN PENILAIAN", "PERIODE"), True, "int"),
        F("nilai", "NILAI SKP", ("NILAI", "NILAI PRESTASI KERJA", "NILAI AKHIR"), False, "number"),
        F("predikat", "PREDIKAT", ("PREDIKAT KINERJA", "KUADRAN KINERJA", "PREDIKAT KINERJA PEGAWAI")),
        F("hasil_kerja", "HASIL KERJA", ("RATING HASIL KERJA", "HASIL KINERJA")),
        F("perilaku_kerja", "PERILAKU KERJA", ("RATING PERILAKU KERJA",)),
        F("penilai_nama", "NAMA PENILAI", ("PENILAI",)),
        F("penilai_nip", "NIP PENILAI", ("NIP NRP PENILAI",), False, "nip"),
    )

    def clean(self, raw: Mapping[str, object], ctx: Context, warn: Any) -> dict[str, Any]:
        pegawai_id, nama, nip = self.pegawai_of(ctx, raw)
        year_now = date.today().year
        try:
            tahun = clean_int(raw.get("tahun"), label="Tahun", minimum=1990, maximum=year_now)
        except DomainError as exc:
            raise RowProblem("tahun", exc.message) from None
        if tahun is None:
            raise RowProblem("tahun", "Tahun wajib diisi")
        try:
            nilai = clean_number(raw.get("nilai"), label="Nilai SKP")
        except DomainError as exc:
            raise RowProblem("nilai", exc.message) from None
        values: dict[str, Any] = {"pegawai_id": pegawai_id, "tahun": tahun, "_nama": nama, "_nip": nip,
                                  "_key": (pegawai_id, tahun)}
        hasil = perilaku = None
        for key in ("hasil_kerja", "perilaku_kerja"):
            text = clean_text(raw.get(key))
            if text:
                try:
                    rating = parse_rating(text).value
                except DomainError as exc:
                    raise RowProblem(key, exc.message) from None
                values[key] = rating
                hasil, perilaku = (rating, perilaku) if key == "hasil_kerja" else (hasil, rating)
        predikat_text = clean_text(raw.get("predikat"))
        predikat: Predikat | None = None
        if predikat_text:
            try:
                predikat = parse_predikat(predikat_text)
            except DomainError as exc:
                raise RowProblem("predikat", exc.message) from None
        if nilai is not None:
            try:
                from_nilai = predikat_from_nilai(nilai)
            except DomainError as exc:
                raise RowProblem("nilai", exc.message) from None
            if predikat is not None and predikat != from_nilai:
                warn("predikat", f"Predikat {predikat.label} tidak sesuai nilai {nilai:g} ({from_nilai.label}); "
                                 "dipakai predikat dari nilai")
            values.update(skala=SkalaSkp.ANGKA.value, nilai=float(nilai), predikat=from_nilai.value)
            if tahun >= 2022:
                warn("nilai", f"SKP tahun {tahun} biasanya berupa predikat (PermenPANRB 6/2022), bukan nilai angka")
        elif predikat is not None:
            values.update(skala=SkalaSkp.PREDIKAT.value, nilai=None, predikat=predikat.value)
        elif hasil and perilaku:
            values.update(skala=SkalaSkp.PREDIKAT.value, nilai=None,
                          predikat=predikat_from_matrix(hasil, perilaku).value)
        else:
            raise RowProblem("predikat", "Isi nilai SKP, predikat, atau rating hasil kerja dan perilaku kerja")
        penilai = clean_text(raw.get("penilai_nama"), label="Nama penilai", max_len=200)
        if penilai:
            values["penilai_nama"] = penilai
        try:
            info = clean_nip(raw.get("penilai_nip"))
        except DomainError as exc:
            warn("penilai_nip", f"NIP penilai tidak dipakai: {exc.message}")
            info = None
        if info is not None:
            values["penilai_nip"] = info.nip
        return values

    def load(self, ctx: Context, rows: Sequence[dict[str, Any]]) -> None:
        ids = sorted({r["pegawai_id"] for r in rows})
        existing: dict[tuple[int, int], Skp] = {}
        for start in range(0, len(ids), 500):
            for skp in ctx.session.scalars(select(Skp).where(Skp.pegawai_id.in_(ids[start : start + 500]))):
                existing[(skp.pegawai_id, skp.tahun)] = skp
        ctx.extra["skp"] = existing

    def compare(self, ctx: Context, values: dict[str, Any]) -> tuple[str, list[RecordChange], str]:
        label = f"{values['_nama']} ({values['_nip']}) tahun {values['tahun']}"
        old = ctx.extra["skp"].get(values["_key"])
        if old is None:
            return BARU, [], label
        current = {k: getattr(old, k) for k in _LABELS}
        changes = diff_values(current, values, _LABELS)
        if values.get("skala") == SkalaSkp.PREDIKAT.value and current.get("nilai") is not None:
            changes.append(RecordChange("Nilai", str(current["nilai"]), "-"))
        return (BERUBAH if changes else SAMA), changes, label

    def write(self, ctx: Context, values: dict[str, Any], status: str) -> None:
        data = {k: v for k, v in values.items() if not k.startswith("_")}
        old = ctx.extra["skp"].get(values["_key"])
        if old is None:
            ctx.session.add(Skp(**data))
            return
        for key, value in data.items():
            setattr(old, key, value)
