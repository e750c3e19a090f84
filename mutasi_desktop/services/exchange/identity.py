"""This office's identity (kode, name, key pair) and the partner offices it trusts.

The identity's public half is one string, ``MK1.<ed25519>.<x25519>`` (URL-safe base64): the
Ed25519 key verifies our signatures, the X25519 key lets a partner encrypt a package that only
we can open. The office gives this string to its partners (on paper, by phone, by e-mail) and
enters theirs with "tambah mitra". The kode/name/public string live in the database settings;
the private keys live in a file readable by this user only, ``<data>/keys/<KODE>.key``.
"""

from __future__ import annotations

import base64
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import KantorMitra, UnitKerja
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, Izin, require
from mutasi_desktop.paths import data_dir
from mutasi_desktop.services.settings_service import get_setting, set_setting

SETTING_KANTOR = "pertukaran.kantor"
# {KODE: unit_id}: a partner receives only pegawai of that unit and its sub-units (and what it sent us).
SETTING_CAKUPAN = "pertukaran.cakupan"
PREFIX = "MK1"
_KODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{1,39}$")


def default_keys_dir() -> Path:
    return data_dir() / "keys"


def _u64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _un64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class KunciPublik:
    """A partner's (or our) public identity."""

    ed25519: Ed25519PublicKey
    x25519: X25519PublicKey | None

    def teks(self) -> str:
        parts = [PREFIX, _u64(self.ed25519.public_bytes_raw())]
        if self.x25519 is not None:
            parts.append(_u64(self.x25519.public_bytes_raw()))
        return ".".join(parts)

    @property
    def ed25519_b64(self) -> str:
        return base64.b64encode(self.ed25519.public_bytes_raw()).decode("ascii")

    def sidik_jari(self) -> str:
        """Short fingerprint to read aloud on the phone: 'AB12-CD34-EF56-7890'."""
        import hashlib

        digest = hashlib.sha256(self.ed25519.public_bytes_raw()).hexdigest()[:16].upper()
        return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def parse_kunci_publik(text: str) -> KunciPublik:
    """Read ``MK1.<ed>.<x>`` (or a bare base64 Ed25519 key, then without encryption to that office)."""
    raw = "".join(text.split())
    try:
        if raw.startswith(PREFIX + "."):
            parts = raw.split(".")
            if len(parts) not in (2, 3):
                raise ValueError(raw)
            ed = Ed25519PublicKey.from_public_bytes(_un64(parts[1]))
            x = X25519PublicKey.from_public_bytes(_un64(parts[2])) if len(parts) == 3 else None
            return KunciPublik(ed, x)
        return KunciPublik(Ed25519PublicKey.from_public_bytes(base64.b64decode(raw, validate=True)), None)
    except (ValueError, TypeError) as exc:
        raise DomainError(
            "Kunci publik kantor tidak dikenali. Salin persis teks yang diawali 'MK1.' dari kantor tersebut.",
            field="kunci_publik",
        ) from exc


@dataclass(frozen=True)
class IdentitasKantor:
    kode: str
    nama: str
    kunci_publik: str  # MK1.… text to give to partners
    sidik_jari: str
    berkas_kunci: Path
    kunci_tersedia: bool  # the private key file is on this computer


@dataclass(frozen=True)
class KunciPrivat:
    ed25519: Ed25519PrivateKey
    x25519: X25519PrivateKey


def normalise_kode(kode: str) -> str:
    kode = kode.strip().upper()
    if not _KODE_RE.match(kode):
        raise DomainError(
            f"Kode kantor '{kode}' tidak sah: 2–40 huruf besar, angka, titik, garis bawah atau tanda hubung.",
            field="kode",
        )
    return kode


def _key_file(keys_dir: Path | None, kode: str) -> Path:
    return (keys_dir or default_keys_dir()) / f"{kode}.key"


def _write_private(path: Path, keys: KunciPrivat) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({
        "ed25519": _u64(keys.ed25519.private_bytes_raw()),
        "x25519": _u64(keys.x25519.private_bytes_raw()),
    })
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(payload)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _read_private(path: Path) -> KunciPrivat:
    data = json.loads(path.read_text(encoding="utf-8"))
    return KunciPrivat(
        Ed25519PrivateKey.from_private_bytes(_un64(data["ed25519"])),
        X25519PrivateKey.from_private_bytes(_un64(data["x25519"])),
    )


def _public_of(keys: KunciPrivat) -> KunciPublik:
    return KunciPublik(keys.ed25519.public_key(), keys.x25519.public_key())


def lihat_identitas(db: Database, actor: Actor, *, keys_dir: Path | None = None) -> IdentitasKantor | None:
    """This office's identity, or None before :func:`buat_identitas`."""
    require(actor, Izin.PERTUKARAN)
    with db.session(actor=actor) as s:
        stored = get_setting(s, SETTING_KANTOR)
    if not isinstance(stored, dict):
        return None
    publik = parse_kunci_publik(stored["kunci_publik"])
    path = _key_file(keys_dir, stored["kode"])
    return IdentitasKantor(stored["kode"], stored["nama"], publik.teks(), publik.sidik_jari(), path, path.exists())


def buat_identitas(db: Database, actor: Actor, *, kode: str, nama: str, keys_dir: Path | None = None,
                   ganti: bool = False) -> IdentitasKantor:
    """Create this office's key pair (once). ``ganti`` makes a new pair: partners must re-add us."""
    require(actor, Izin.PERTUKARAN)
    kode = normalise_kode(kode)
    nama = nama.strip()
    if not nama:
        raise DomainError("Nama kantor wajib diisi.", field="nama")
    existing = lihat_identitas(db, actor, keys_dir=keys_dir)
    if existing is not None and not ganti:
        raise DomainError(
            f"Kantor ini sudah punya identitas ({existing.kode}). Mengganti kunci membuat paket lama tidak "
            "dapat diverifikasi mitra; gunakan pilihan ganti kunci bila memang perlu."
        )
    keys = KunciPrivat(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
    path = _key_file(keys_dir, kode)
    _write_private(path, keys)
    publik = _public_of(keys)
    with db.session(actor=actor, write=True) as s:
        set_setting(s, SETTING_KANTOR, {"kode": kode, "nama": nama, "kunci_publik": publik.teks()},
                    by=actor.username)
    return IdentitasKantor(kode, nama, publik.teks(), publik.sidik_jari(), path, True)


def muat_kunci_privat(identitas: IdentitasKantor) -> KunciPrivat:
    """The private keys, checked against the public key the database holds."""
    if not identitas.berkas_kunci.exists():
        raise DomainError(
            f"Kunci privat kantor {identitas.kode} tidak ada di komputer ini ({identitas.berkas_kunci}). "
            "Salin berkas kunci dari komputer yang membuatnya, atau buat identitas baru."
        )
    try:
        keys = _read_private(identitas.berkas_kunci)
    except (OSError, ValueError, KeyError) as exc:
        raise DomainError(f"Berkas kunci privat '{identitas.berkas_kunci}' rusak.") from exc
    if _public_of(keys).teks() != identitas.kunci_publik:
        raise DomainError(
            f"Berkas kunci privat '{identitas.berkas_kunci}' bukan milik identitas kantor {identitas.kode} "
            "yang tercatat di basis data."
        )
    return keys


def identitas_wajib(db: Database, actor: Actor, keys_dir: Path | None) -> tuple[IdentitasKantor, KunciPrivat]:
    identitas = lihat_identitas(db, actor, keys_dir=keys_dir)
    if identitas is None:
        raise DomainError("Kantor ini belum punya identitas pertukaran. Buat dulu kode dan kunci kantor.")
    return identitas, muat_kunci_privat(identitas)


@dataclass(frozen=True)
class Mitra:
    id: int
    kode: str
    nama: str
    kunci_publik: str
    sidik_jari: str
    dipercaya: bool
    bisa_enkripsi: bool
    paket_terakhir_diterima: int
    paket_terakhir_dikirim: int
    dikirim_sampai: datetime | None
    cakupan_unit_id: int | None = None  # None: the whole daerah
    cakupan_nama: str = ""


def cakupan_mitra(session: Session, kode: str) -> int | None:
    """The unit whose pegawai (with sub-units) office ``kode`` may receive, or None for all."""
    stored = get_setting(session, SETTING_CAKUPAN, {})
    value = stored.get(kode) if isinstance(stored, dict) else None
    return int(value) if isinstance(value, int) else None


def _mitra(row: KantorMitra, session: Session | None = None) -> Mitra:
    publik = parse_kunci_publik(row.kunci_publik)
    unit_id = cakupan_mitra(session, row.kode) if session is not None else None
    unit_nama = (session.scalar(select(UnitKerja.nama).where(UnitKerja.id == unit_id)) or ""
                 if session is not None and unit_id is not None else "")
    return Mitra(row.id, row.kode, row.nama, publik.teks(), publik.sidik_jari(), row.dipercaya,
                 publik.x25519 is not None, row.paket_terakhir_diterima, row.paket_terakhir_dikirim,
                 row.dikirim_sampai, unit_id, unit_nama)


def atur_cakupan(db: Database, actor: Actor, *, kode: str, unit_id: int | None) -> Mitra:
    """Limit what office ``kode`` receives to the pegawai of ``unit_id`` and its sub-units (None: all)."""
    require(actor, Izin.PERTUKARAN)
    kode = normalise_kode(kode)
    with db.session(actor=actor, write=True) as s:
        row = s.scalar(select(KantorMitra).where(KantorMitra.kode == kode))
        if row is None:
            raise DomainError(f"Kantor mitra {kode} belum terdaftar.", field="kode")
        if unit_id is not None and s.get(UnitKerja, unit_id) is None:
            raise DomainError(f"Unit kerja dengan id {unit_id} tidak ada.", field="unit_id")
        stored = get_setting(s, SETTING_CAKUPAN, {})
        cakupan = dict(stored) if isinstance(stored, dict) else {}
        if unit_id is None:
            cakupan.pop(kode, None)
        else:
            cakupan[kode] = unit_id
        set_setting(s, SETTING_CAKUPAN, cakupan, by=actor.username)
        s.flush()
        return _mitra(row, s)


def tambah_mitra(db: Database, actor: Actor, *, kode: str, nama: str, kunci_publik: str) -> Mitra:
    """Trust a partner office. Re-adding a known kode replaces its key (and says so)."""
    require(actor, Izin.PERTUKARAN)
    kode = normalise_kode(kode)
    nama = nama.strip()
    if not nama:
        raise DomainError("Nama kantor mitra wajib diisi.", field="nama")
    publik = parse_kunci_publik(kunci_publik)
    with db.session(actor=actor, write=True) as s:
        own = get_setting(s, SETTING_KANTOR)
        if isinstance(own, dict) and own.get("kode") == kode:
            raise DomainError(f"Kode {kode} adalah kode kantor ini sendiri, bukan kantor mitra.", field="kode")
        row = s.scalar(select(KantorMitra).where(KantorMitra.kode == kode))
        if row is None:
            row = KantorMitra(kode=kode, nama=nama, kunci_publik=publik.teks(), dipercaya=True,
                              paket_terakhir_diterima=0, paket_terakhir_dikirim=0)
            s.add(row)
        else:
            row.nama = nama
            row.kunci_publik = publik.teks()
            row.dipercaya = True
        s.flush()
        return _mitra(row, s)


def atur_kepercayaan(db: Database, actor: Actor, *, kode: str, dipercaya: bool) -> Mitra:
    require(actor, Izin.PERTUKARAN)
    with db.session(actor=actor, write=True) as s:
        row = s.scalar(select(KantorMitra).where(KantorMitra.kode == normalise_kode(kode)))
        if row is None:
            raise DomainError(f"Kantor mitra {kode} belum terdaftar.", field="kode")
        row.dipercaya = dipercaya
        s.flush()
        return _mitra(row, s)


def daftar_mitra(db: Database, actor: Actor) -> list[Mitra]:
    require(actor, Izin.PERTUKARAN)
    with db.session(actor=actor) as s:
        return [_mitra(r, s) for r in s.scalars(select(KantorMitra).order_by(KantorMitra.kode))]
