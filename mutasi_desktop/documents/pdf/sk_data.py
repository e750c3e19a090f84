"""Plain data a decree is printed from. Frozen into ``surat_keputusan.konten`` as JSON.

Everything is already worded (templates filled, dates as ``date``): the renderer does layout
only, so a decree printed again from its frozen JSON is the same document.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

KOP_JABATAN = "JABATAN"  # gold Garuda centred, "BUPATI SUKAMAJU" (kepala daerah decrees)
KOP_DINAS = "DINAS"  # logo daerah left, PEMERINTAH KABUPATEN ..., BADAN ..., address, rule line

KERTAS_F4 = "F4"
KERTAS_A4 = "A4"

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Halaman:
    """Paper and layout. Margins in millimetres."""

    kertas: str = KERTAS_F4
    margin_atas: float = 25.0
    margin_bawah: float = 25.0
    margin_kiri: float = 30.0
    margin_kanan: float = 25.0
    ukuran_font: float = 12.0
    spasi: float = 1.0  # line spacing as in a word processor (1.0 single, 1.5)
    lampiran_mendatar: bool = True  # lampiran table in landscape


@dataclass(frozen=True)
class Kop:
    jenis: str = KOP_JABATAN
    baris: tuple[str, ...] = ()  # JABATAN: ("BUPATI SUKAMAJU",); DINAS: ("PEMERINTAH KABUPATEN ...", "BADAN ...")
    alamat: tuple[str, ...] = ()  # DINAS only: address, phone, e-mail lines
    gambar_path: str | None = None  # emblem (JABATAN) or logo (DINAS); None = marked placeholder
    # A set SK keeps its image by content hash (the bytes live in the database), so a re-print
    # shows the same emblem even after the office changed or moved the file.
    gambar_sha256: str = ""


@dataclass(frozen=True)
class Penandatangan:
    """Signer. ``cara``: KEPALA_DAERAH (name only), AN, PLT, PLH, UB."""

    cara: str
    jabatan: str  # "BUPATI SUKAMAJU" or "KEPALA BADAN KEPEGAWAIAN DAN PENGEMBANGAN SDM"
    nama: str
    atas_nama: str = ""  # "BUPATI SUKAMAJU" (a.n.)
    ub_jabatan: str = ""  # the intermediate office for u.b. ("SEKRETARIS DAERAH")
    pangkat: str = ""
    nip: str = ""


@dataclass(frozen=True)
class PegawaiBaris:
    nama: str  # with gelar
    nip: str
    tempat_lahir: str = ""
    tanggal_lahir: date | None = None
    pendidikan: str = ""
    pangkat: str = ""  # "Penata Muda Tingkat I"
    golongan: str = ""  # "III/b"
    tmt_golongan: date | None = None
    jabatan_lama: str = ""
    unit_lama: str = ""
    jabatan_baru: str = ""
    unit_baru: str = ""
    keterangan: str = ""
    kode_verifikasi_petikan: str = ""  # filled when the SK is ditetapkan


@dataclass(frozen=True)
class SkData:
    kop: Kop
    judul_pejabat: str  # "BUPATI SUKAMAJU": the title reads KEPUTUSAN <judul_pejabat>
    nomor: str  # "" on a draft
    tentang: str  # title case; printed upper-case
    pejabat_pembuka: str  # "BUPATI SUKAMAJU," under DENGAN RAHMAT TUHAN YANG MAHA ESA
    menimbang: tuple[str, ...]
    mengingat: tuple[str, ...]
    memperhatikan: tuple[str, ...]
    diktum_satu: str  # KESATU when the pegawai are listed in the Lampiran
    # KESATU with one pegawai inline (the SK of one pegawai, and every petikan): opening line, the
    # pegawai's data, then the closing sentence, in which the renderer fills {jabatan_baru} and
    # {unit_baru} from that pegawai's row.
    diktum_satu_pembuka: str
    diktum_satu_penutup: str
    diktum_lanjutan: tuple[str, ...]  # KEDUA, KETIGA, ...
    pegawai: tuple[PegawaiBaris, ...]
    tempat: str
    tanggal: date | None  # None on a draft
    penandatangan: Penandatangan
    tembusan_judul: str = "Tembusan Keputusan ini disampaikan kepada Yth.:"
    tembusan: tuple[str, ...] = ()
    paraf: tuple[str, ...] = ()  # labels of paraf boxes (e.g. "Sekretaris Daerah", "Kepala BKPSDM")
    gaya_ordinal: str = "KESATU"
    halaman: Halaman = field(default_factory=Halaman)
    kode_verifikasi: str = ""
    qr_isi: str = ""
    draf: bool = False  # prints a DRAF mark and "…" for the number
    # Petikan: who certifies copies and the closing sentence.
    pengesah_petikan: Penandatangan | None = None
    penutup_petikan: str = ""
    versi: int = SCHEMA_VERSION

    @property
    def judul(self) -> str:
        return f"KEPUTUSAN {self.judul_pejabat}"

    @property
    def pakai_lampiran(self) -> bool:
        return len(self.pegawai) != 1


@dataclass(frozen=True)
class PetikanData:
    sk: SkData
    indeks: int  # which pegawai of ``sk.pegawai``
    kode_verifikasi: str = ""
    qr_isi: str = ""

    @property
    def pegawai(self) -> PegawaiBaris:
        return self.sk.pegawai[self.indeks]


def sk_to_dict(data: SkData) -> dict[str, Any]:
    """JSON-ready dict (dates as ISO strings, tuples as lists)."""
    return _jsonable(asdict(data))  # type: ignore[no-any-return]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _build(cls: type[Any], raw: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    names = {f.name: f for f in fields(cls)}
    for key, value in raw.items():
        if key not in names:
            continue  # a newer field dropped by an older reader
        kwargs[key] = value
    return cls(**kwargs)


def sk_from_dict(raw: dict[str, Any]) -> SkData:
    """Inverse of :func:`sk_to_dict`."""
    pegawai = tuple(
        _build(
            PegawaiBaris,
            {**p, "tanggal_lahir": _date(p.get("tanggal_lahir")), "tmt_golongan": _date(p.get("tmt_golongan"))},
        )
        for p in raw.get("pegawai", [])
    )
    kop_raw = dict(raw["kop"])
    kop = _build(Kop, {**kop_raw, "baris": tuple(kop_raw.get("baris", ())), "alamat": tuple(kop_raw.get("alamat", ()))})
    pengesah = raw.get("pengesah_petikan")
    values = {
        **raw,
        "kop": kop,
        "menimbang": tuple(raw.get("menimbang", ())),
        "mengingat": tuple(raw.get("mengingat", ())),
        "memperhatikan": tuple(raw.get("memperhatikan", ())),
        "diktum_lanjutan": tuple(raw.get("diktum_lanjutan", ())),
        "tembusan": tuple(raw.get("tembusan", ())),
        "paraf": tuple(raw.get("paraf", ())),
        "pegawai": pegawai,
        "tanggal": _date(raw.get("tanggal")),
        "penandatangan": _build(Penandatangan, raw["penandatangan"]),
        "pengesah_petikan": _build(Penandatangan, pengesah) if pengesah else None,
        "halaman": _build(Halaman, raw.get("halaman", {})),
    }
    return _build(SkData, values)  # type: ignore[no-any-return]
