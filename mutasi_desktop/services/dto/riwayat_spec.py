"""The history tables of a pegawai, described as data: fields, kinds, required, cross-field rules.

One description drives validation (here, in plain Python) and the generic add/edit dialog of
the pegawai form. A new history column is one ``FieldSpec`` line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from mutasi_desktop.domain.dates import parse_tanggal
from mutasi_desktop.domain.errors import DomainError, TanggalError
from mutasi_desktop.domain.golongan import golongan_by_id
from mutasi_desktop.domain.jabatan_kinds import JenisJabatan
from mutasi_desktop.domain.pendidikan import tingkat_by_kode
from mutasi_desktop.domain.skp import Predikat, SkalaSkp
from mutasi_desktop.services.dto.validasi import FieldErrors

Kind = Literal["text", "longtext", "date", "int", "float", "bool", "choice", "golongan", "tingkat", "unit",
               "jabatan", "nip"]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str  # Indonesian, used in error messages (the form has its own translated labels)
    kind: Kind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    max_len: int | None = None
    min_value: float | None = None
    max_value: float | None = None


Check = Callable[[dict[str, Any]], list[tuple[str, str]]]


@dataclass(frozen=True)
class RiwayatSpec:
    kind: str  # "jabatan", "pangkat", ...
    table: str  # table name (the service maps it to a model)
    fields: tuple[FieldSpec, ...]
    order_by: tuple[str, ...]  # newest first
    checks: tuple[Check, ...] = field(default_factory=tuple)

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)


def _order(start: str, end: str, label_end: str, label_start: str) -> Check:
    def check(values: dict[str, Any]) -> list[tuple[str, str]]:
        a, b = values.get(start), values.get(end)
        if isinstance(a, date) and isinstance(b, date) and b < a:
            return [(end, f"{label_end} tidak boleh sebelum {label_start}")]
        return []

    return check


def _skp_check(values: dict[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    skala, nilai, tahun = values.get("skala"), values.get("nilai"), values.get("tahun")
    if skala == SkalaSkp.ANGKA and nilai is None:
        problems.append(("nilai", "Nilai SKP wajib diisi untuk skala angka (0-100)"))
    if skala == SkalaSkp.PREDIKAT and isinstance(tahun, int) and tahun < 2022:
        problems.append(("skala", "Skala predikat baru berlaku mulai tahun 2022 (PermenPANRB 6/2022)"))
    if skala == SkalaSkp.PREDIKAT and values.get("predikat") in (Predikat.CUKUP, Predikat.BURUK):
        problems.append(("predikat", "Predikat Cukup/Buruk hanya ada pada skala angka lama"))
    return problems


def _tahun_lulus_check(values: dict[str, Any]) -> list[tuple[str, str]]:
    tahun = values.get("tahun_lulus")
    if isinstance(tahun, int) and tahun > date.today().year:
        return [("tahun_lulus", f"Tahun lulus {tahun} belum tiba")]
    return []


_RATING = ("DI_ATAS", "SESUAI", "DI_BAWAH")

RIWAYAT: dict[str, RiwayatSpec] = {
    spec.kind: spec
    for spec in (
        RiwayatSpec(
            "jabatan", "riwayat_jabatan",
            (
                FieldSpec("jabatan_nama", "Nama jabatan", required=True, max_len=250),
                FieldSpec("unit_nama", "Unit kerja", required=True, max_len=250),
                FieldSpec("instansi_nama", "Instansi", max_len=200),
                FieldSpec("jenis_jabatan", "Jenis jabatan", "choice", choices=tuple(j.value for j in JenisJabatan)),
                FieldSpec("eselon", "Eselon", max_len=4),
                FieldSpec("tmt_jabatan", "TMT jabatan", "date", required=True),
                FieldSpec("tmt_pelantikan", "TMT pelantikan", "date"),
                FieldSpec("nomor_sk", "Nomor SK", max_len=120),
                FieldSpec("tanggal_sk", "Tanggal SK", "date"),
                FieldSpec("keterangan", "Keterangan", "longtext"),
            ),
            ("tmt_jabatan",),
            (_order("tmt_jabatan", "tmt_pelantikan", "TMT pelantikan", "TMT jabatan"),),
        ),
        RiwayatSpec(
            "pangkat", "riwayat_pangkat",
            (
                FieldSpec("golongan_id", "Golongan", "golongan", required=True),
                FieldSpec("tmt_golongan", "TMT golongan", "date", required=True),
                FieldSpec("nomor_sk", "Nomor SK", max_len=120),
                FieldSpec("tanggal_sk", "Tanggal SK", "date"),
                FieldSpec("jenis_kp", "Jenis kenaikan pangkat", max_len=40),
                FieldSpec("mk_tahun", "Masa kerja (tahun)", "int", min_value=0, max_value=50),
                FieldSpec("mk_bulan", "Masa kerja (bulan)", "int", min_value=0, max_value=11),
            ),
            ("tmt_golongan",),
        ),
        RiwayatSpec(
            "pendidikan", "riwayat_pendidikan",
            (
                FieldSpec("tingkat", "Tingkat pendidikan", "tingkat", required=True),
                FieldSpec("jurusan", "Jurusan", max_len=200),
                FieldSpec("nama_sekolah", "Nama sekolah/perguruan tinggi", max_len=200),
                FieldSpec("tahun_lulus", "Tahun lulus", "int", min_value=1940, max_value=2100),
                FieldSpec("nomor_ijazah", "Nomor ijazah", max_len=80),
                FieldSpec("terakhir", "Pendidikan terakhir", "bool"),
            ),
            ("tahun_lulus",),
            (_tahun_lulus_check,),
        ),
        RiwayatSpec(
            "skp", "skp",
            (
                FieldSpec("tahun", "Tahun", "int", required=True, min_value=2000, max_value=2100),
                FieldSpec("skala", "Skala", "choice", required=True, choices=tuple(s.value for s in SkalaSkp)),
                FieldSpec("nilai", "Nilai", "float", min_value=0, max_value=100),
                FieldSpec("predikat", "Predikat", "choice", required=True, choices=tuple(p.value for p in Predikat)),
                FieldSpec("hasil_kerja", "Rating hasil kerja", "choice", choices=_RATING),
                FieldSpec("perilaku_kerja", "Rating perilaku kerja", "choice", choices=_RATING),
                FieldSpec("penilai_nama", "Nama pejabat penilai", max_len=200),
                FieldSpec("penilai_nip", "NIP pejabat penilai", max_len=18),
            ),
            ("tahun",),
            (_skp_check,),
        ),
        RiwayatSpec(
            "hukuman", "hukuman_disiplin",
            (
                FieldSpec("tingkat", "Tingkat hukuman", "choice", required=True, choices=("RINGAN", "SEDANG", "BERAT")),
                FieldSpec("jenis", "Jenis hukuman", required=True, max_len=200),
                FieldSpec("nomor_sk", "Nomor SK", max_len=120),
                FieldSpec("tanggal_sk", "Tanggal SK", "date"),
                FieldSpec("tmt_mulai", "Mulai berlaku", "date"),
                FieldSpec("tmt_selesai", "Selesai", "date"),
                FieldSpec("status", "Status", "choice", required=True, choices=("PROSES", "DIJALANI", "SELESAI")),
                FieldSpec("keterangan", "Keterangan", "longtext"),
            ),
            ("tmt_mulai",),
            (_order("tmt_mulai", "tmt_selesai", "Tanggal selesai", "tanggal mulai"),),
        ),
        RiwayatSpec(
            "diklat", "diklat",
            (
                FieldSpec("jenis", "Jenis diklat", "choice", required=True,
                          choices=("STRUKTURAL", "FUNGSIONAL", "TEKNIS", "SERTIFIKASI")),
                FieldSpec("nama", "Nama diklat/kompetensi", required=True, max_len=250),
                FieldSpec("penyelenggara", "Penyelenggara", max_len=200),
                FieldSpec("tanggal_mulai", "Tanggal mulai", "date"),
                FieldSpec("tanggal_selesai", "Tanggal selesai", "date"),
                FieldSpec("jam_pelajaran", "Jam pelajaran", "int", min_value=0, max_value=5000),
                FieldSpec("nomor_sertifikat", "Nomor sertifikat", max_len=120),
                FieldSpec("kompetensi", "Kompetensi (pisahkan dengan ;)", "longtext"),
            ),
            ("tanggal_mulai",),
            (_order("tanggal_mulai", "tanggal_selesai", "Tanggal selesai", "tanggal mulai"),),
        ),
        RiwayatSpec(
            "aspirasi", "aspirasi",
            (
                FieldSpec("tanggal", "Tanggal", "date", required=True),
                FieldSpec("berlaku_sampai", "Berlaku sampai", "date"),
                FieldSpec("unit_pilihan_1_id", "Unit pilihan 1", "unit"),
                FieldSpec("unit_pilihan_2_id", "Unit pilihan 2", "unit"),
                FieldSpec("unit_pilihan_3_id", "Unit pilihan 3", "unit"),
                FieldSpec("lokasi_pilihan", "Lokasi pilihan (pisahkan dengan ;)", "longtext"),
                FieldSpec("jabatan_pilihan_id", "Jabatan pilihan", "jabatan"),
                FieldSpec("alasan", "Alasan", max_len=30),
                FieldSpec("alasan_keterangan", "Keterangan alasan", "longtext"),
                FieldSpec("kesediaan", "Kesediaan", "choice", required=True,
                          choices=("BERSEDIA", "BERSYARAT", "TIDAK_BERSEDIA")),
                FieldSpec("syarat", "Syarat", "longtext"),
                FieldSpec("sumber", "Sumber", "choice", choices=("FORUM", "WAWANCARA", "IMPORT")),
            ),
            ("tanggal",),
            (_order("tanggal", "berlaku_sampai", "Berlaku sampai", "tanggal aspirasi"),),
        ),
    )
}


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_value(spec: FieldSpec, value: Any) -> Any:
    """Convert one raw value (text from a form or a typed value) to its stored type.

    Raises DomainError with an Indonesian message naming the field.
    """
    if _empty(value):
        if spec.required:
            raise DomainError(f"{spec.label} wajib diisi", field=spec.name)
        if spec.kind in ("text", "longtext"):
            return ""
        if spec.kind == "bool":
            return False
        return None
    kind = spec.kind
    if kind in ("text", "longtext", "nip"):
        text = str(value).strip()
        if spec.max_len is not None and len(text) > spec.max_len:
            raise DomainError(f"{spec.label} paling banyak {spec.max_len} karakter", field=spec.name)
        return text
    if kind == "date":
        if isinstance(value, date):
            return value
        try:
            return parse_tanggal(value)
        except TanggalError as exc:
            # Named by its label: the column name ("kolom tanggal_lahir") means nothing to a clerk.
            # "Tanggal lahir '31-02-1990' tidak valid: …" rather than "Tanggal lahir: Tanggal '…'".
            text = exc.message
            text = spec.label + text[len("Tanggal"):] if text.startswith("Tanggal '") else f"{spec.label}: {text}"
            raise TanggalError(text, field=spec.name) from None
    if kind in ("int", "float", "unit", "jabatan", "golongan"):
        try:
            number: float = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
        except (TypeError, ValueError):
            raise DomainError(f"{spec.label} harus berupa angka", field=spec.name) from None
        if kind != "float" and not number.is_integer():
            raise DomainError(f"{spec.label} harus bilangan bulat", field=spec.name)
        if spec.min_value is not None and number < spec.min_value:
            raise DomainError(f"{spec.label} tidak boleh kurang dari {spec.min_value:g}", field=spec.name)
        if spec.max_value is not None and number > spec.max_value:
            raise DomainError(f"{spec.label} tidak boleh lebih dari {spec.max_value:g}", field=spec.name)
        if kind == "golongan":
            golongan_by_id(int(number))  # raises GolonganError (a DomainError) for an unknown id
        return number if kind == "float" else int(number)
    if kind == "bool":
        return bool(value)
    if kind == "choice":
        code = str(value).strip()
        if spec.choices and code not in spec.choices:
            raise DomainError(f"{spec.label} '{code}' tidak dikenal", field=spec.name)
        return code
    if kind == "tingkat":
        return tingkat_by_kode(str(value).strip()).kode
    raise AssertionError(kind)  # pragma: no cover


def clean_values(spec: RiwayatSpec, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Every field of ``spec`` converted and checked; raises ValidasiGagal listing each wrong field."""
    errors = FieldErrors()
    values: dict[str, Any] = {}
    for f in spec.fields:
        try:
            values[f.name] = clean_value(f, raw.get(f.name))
        except DomainError as exc:
            errors.add(f.name, exc.message)
    if not errors:
        for check in spec.checks:
            for name, message in check(values):
                errors.add(name, message)
    errors.raise_if_any()
    return values
