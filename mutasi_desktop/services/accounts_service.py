"""Accounts: first-start setup, login with lockout, passwords, and user management.

Passwords are stored as Argon2id hashes (argon2-cffi). A login failure never says whether the
user name exists; repeated failures lock the account with a back-off that doubles each time.
Every login, failed login and account change joins the audit trail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutasi_desktop.db.base import utcnow
from mutasi_desktop.db.engine import Database
from mutasi_desktop.db.models import Instansi, Pengguna, PenggunaPeran, UnitKerja
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.password_policy import (
    PasswordPolicy,
    check_new_password,
    describe_wait,
    lock_duration,
)
from mutasi_desktop.domain.roles import (
    Actor,
    AksesDitolak,
    Izin,
    Peran,
    format_batas_opd,
    parse_batas_opd,
    require,
)
from mutasi_desktop.services import audit_service
from mutasi_desktop.services.audit_service import Aksi
from mutasi_desktop.services.settings_service import get_settings_dict, set_setting

SETTINGS_KEY = "keamanan"
DEFAULTS: dict[str, int] = {
    "min_panjang_sandi": 10,
    "batas_gagal_login": 5,
    "kunci_awal_detik": 30,
    "kunci_maks_detik": 3600,
    "batas_diam_menit": 15,
}

# Argon2id with the library's defaults (RFC 9106 low-memory profile). Tests swap in a cheap one.
PASSWORD_HASHER = PasswordHasher()

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
_WRONG = "Nama pengguna atau kata sandi salah."


class LoginGagal(DomainError):
    """Login refused (wrong credentials, locked or inactive account)."""


@dataclass(frozen=True)
class PenggunaInfo:
    id: int
    username: str
    nama: str
    nip: str | None
    peran: tuple[Peran, ...]
    aktif: bool
    harus_ganti_password: bool
    batas_opd: tuple[int, ...]
    login_terakhir: datetime | None
    terkunci_sampai: datetime | None
    gagal_login: int
    version: int

    def to_actor(self) -> Actor:
        return Actor(username=self.username, nama=self.nama, peran=frozenset(self.peran), user_id=self.id,
                     batas_opd=frozenset(self.batas_opd))

    @property
    def peran_label(self) -> str:
        return ", ".join(p.label for p in Peran if p in self.peran)

    def terkunci(self, now: datetime | None = None) -> bool:
        return self.terkunci_sampai is not None and self.terkunci_sampai > (now or utcnow())


@dataclass(frozen=True)
class Sesi:
    """A signed-in user: the actor every service call receives, and what the UI must do next."""

    actor: Actor
    pengguna: PenggunaInfo
    harus_ganti_password: bool
    batas_diam_menit: int


@dataclass(frozen=True)
class InstansiProfil:
    """The instansi fields the setup wizard asks for (the rest is edited later in Pengaturan)."""

    nama_daerah: str
    jenis: str = "KABUPATEN"  # KABUPATEN / KOTA / PROVINSI
    provinsi: str = ""
    ibu_kota: str = ""
    alamat: str = ""
    kode: str = ""
    nama_bkpsdm: str = ""
    kepala_daerah_nama: str = ""
    telepon: str = ""
    email: str = ""


JENIS_INSTANSI = ("KABUPATEN", "KOTA", "PROVINSI")
_KEPALA_DAERAH = {"KABUPATEN": "BUPATI", "KOTA": "WALI KOTA", "PROVINSI": "GUBERNUR"}


# --- settings -----------------------------------------------------------------------------------

def _policy_from(values: dict[str, int]) -> PasswordPolicy:
    return PasswordPolicy(
        min_length=int(values["min_panjang_sandi"]), max_failures=int(values["batas_gagal_login"]),
        lock_seconds=int(values["kunci_awal_detik"]), max_lock_seconds=int(values["kunci_maks_detik"]),
        idle_minutes=int(values["batas_diam_menit"]),
    )


def load_policy(session: Session) -> PasswordPolicy:
    return _policy_from(get_settings_dict(session, SETTINGS_KEY, DEFAULTS))


def get_policy(db: Database) -> PasswordPolicy:
    """The account rules (readable without signing in: the login screen needs them)."""
    with db.session() as session:
        return load_policy(session)


def set_policy(db: Database, actor: Actor, policy: PasswordPolicy) -> PasswordPolicy:
    require(actor, Izin.KELOLA_PENGATURAN)
    policy.validated()
    with db.session(actor=actor, write=True) as session:
        set_setting(session, SETTINGS_KEY, {
            "min_panjang_sandi": policy.min_length, "batas_gagal_login": policy.max_failures,
            "kunci_awal_detik": policy.lock_seconds, "kunci_maks_detik": policy.max_lock_seconds,
            "batas_diam_menit": policy.idle_minutes,
        }, by=actor.username)
    return policy


# --- helpers ------------------------------------------------------------------------------------

def hash_password(password: str) -> str:
    return PASSWORD_HASHER.hash(password)


def _verify(hash_: str, password: str) -> bool:
    try:
        return PASSWORD_HASHER.verify(hash_, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_dummy_hash: str | None = None


def _burn_time(password: str) -> None:
    """Spend the same work on an unknown user name, so timing does not reveal which names exist."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = PASSWORD_HASHER.hash("kata-sandi-tiruan-untuk-waktu")
    _verify(_dummy_hash, password)


def normalise_username(username: str) -> str:
    return username.strip().lower()


def _check_username(username: str) -> str:
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise DomainError(
            "Nama pengguna harus 3-64 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung, "
            "diawali huruf atau angka.",
            field="username",
        )
    return name


def _check_nama(nama: str) -> str:
    value = " ".join(nama.split())
    if not value:
        raise DomainError("Nama lengkap wajib diisi.", field="nama")
    if len(value) > 200:
        raise DomainError("Nama lengkap terlalu panjang (maksimal 200 karakter).", field="nama")
    return value


def _check_roles(peran: frozenset[Peran] | set[Peran] | tuple[Peran, ...] | list[Peran]) -> list[Peran]:
    roles = [p for p in Peran if p in set(peran)]
    if not roles:
        raise DomainError("Pilih sedikitnya satu peran.", field="peran")
    return roles


def _info(user: Pengguna) -> PenggunaInfo:
    roles = {Peran(r.peran) for r in user.peran if r.peran in Peran.__members__.values()}
    return PenggunaInfo(
        id=user.id, username=user.username, nama=user.nama, nip=user.nip,
        peran=tuple(p for p in Peran if p in roles), aktif=bool(user.aktif),
        harus_ganti_password=bool(user.harus_ganti_password),
        batas_opd=tuple(sorted(parse_batas_opd(user.batas_opd))), login_terakhir=user.login_terakhir,
        terkunci_sampai=user.terkunci_sampai, gagal_login=int(user.gagal_login or 0), version=user.version,
    )


def _get_user(session: Session, user_id: int) -> Pengguna:
    user = session.get(Pengguna, user_id)
    if user is None:
        raise DomainError(f"Pengguna dengan id {user_id} tidak ditemukan.")
    return user


def _active_admin_ids(session: Session) -> set[int]:
    stmt = (select(Pengguna.id).join(PenggunaPeran, PenggunaPeran.pengguna_id == Pengguna.id)
            .where(Pengguna.aktif.is_(True), PenggunaPeran.peran == Peran.ADMINISTRATOR.value))
    return set(session.scalars(stmt))


# --- first start --------------------------------------------------------------------------------

def needs_setup(db: Database) -> bool:
    """True while the database has no user: the app then runs the setup wizard instead of login."""
    with db.session() as session:
        return (session.scalar(select(func.count(Pengguna.id))) or 0) == 0


def current_instansi(db: Database) -> InstansiProfil | None:
    """The instansi profile (its name is shown on the login screen, so no permission is needed)."""
    with db.session() as session:
        row = session.scalar(select(Instansi).order_by(Instansi.id).limit(1))
        if row is None:
            return None
        return InstansiProfil(
            nama_daerah=row.nama_daerah, jenis=row.jenis, provinsi=row.provinsi, ibu_kota=row.ibu_kota,
            alamat=row.alamat, kode=row.kode, nama_bkpsdm=row.nama_bkpsdm,
            kepala_daerah_nama=row.kepala_daerah_nama, telepon=row.telepon, email=row.email,
        )


def _check_instansi(profil: InstansiProfil) -> InstansiProfil:
    nama = " ".join(profil.nama_daerah.split())
    if not nama:
        raise DomainError("Nama daerah wajib diisi (misalnya 'Kabupaten Sukamaju').", field="nama_daerah")
    jenis = profil.jenis.strip().upper()
    if jenis not in JENIS_INSTANSI:
        raise DomainError("Jenis daerah harus Kabupaten, Kota atau Provinsi.", field="jenis")
    return replace(profil, nama_daerah=nama, jenis=jenis)


def complete_setup(db: Database, *, instansi: InstansiProfil, username: str, nama: str, password: str,
                   nip: str | None = None) -> Sesi:
    """First start: save the instansi profile and create the first Administrator, in one transaction.

    Refused once any user exists (the wizard cannot be replayed to take over a database).
    """
    profil = _check_instansi(instansi)
    name = _check_username(username)
    full_name = _check_nama(nama)
    with db.session(actor=name, write=True) as session:
        if (session.scalar(select(func.count(Pengguna.id))) or 0) > 0:
            raise AksesDitolak("Penyiapan awal sudah pernah dilakukan; masuk dengan akun yang ada.")
        check_new_password(password, load_policy(session), username=name, nama=full_name)
        row = session.scalar(select(Instansi).order_by(Instansi.id).limit(1))
        if row is None:
            row = Instansi(nama_daerah=profil.nama_daerah, jenis=profil.jenis)
            session.add(row)
        row.nama_daerah = profil.nama_daerah
        row.jenis = profil.jenis
        row.provinsi = profil.provinsi.strip()
        row.ibu_kota = profil.ibu_kota.strip()
        row.alamat = profil.alamat.strip()
        row.kode = profil.kode.strip()
        row.nama_bkpsdm = profil.nama_bkpsdm.strip()
        row.kepala_daerah_nama = profil.kepala_daerah_nama.strip()
        row.kepala_daerah_jabatan = _KEPALA_DAERAH[profil.jenis]
        row.telepon = profil.telepon.strip()
        row.email = profil.email.strip()
        user = Pengguna(username=name, nama=full_name, nip=(nip or "").strip() or None,
                        password_hash=hash_password(password), aktif=True, harus_ganti_password=False,
                        gagal_login=0, batas_opd="", login_terakhir=utcnow())
        user.peran.append(PenggunaPeran(peran=Peran.ADMINISTRATOR.value))
        session.add(user)
        session.flush()
        audit_service.record(session, name, Aksi.PENGGUNA, "pengguna", user.id,
                             f"Penyiapan awal: instansi '{profil.nama_daerah}' dan administrator '{name}'",
                             {"peran": [Peran.ADMINISTRATOR.value]})
        info = _info(user)
        policy = load_policy(session)
    return Sesi(info.to_actor(), info, False, policy.idle_minutes)


# --- login --------------------------------------------------------------------------------------

def login(db: Database, username: str, password: str, *, now: datetime | None = None) -> Sesi:
    """Check the credentials; return the session or raise :class:`LoginGagal` (Indonesian message).

    The failure is recorded (counter, lock, audit entry) before the error is raised.
    """
    now = now or utcnow()
    name = normalise_username(username)
    failure: str | None = None
    result: Sesi | None = None
    with db.session(actor=name or "sistem", write=True) as session:
        policy = load_policy(session)
        user = session.scalar(select(Pengguna).where(Pengguna.username == name)) if name else None
        if user is None:
            _burn_time(password)
            failure = _WRONG
            audit_service.record(session, name[:64] or "(kosong)", Aksi.LOGIN_GAGAL, "pengguna", None,
                                 "Gagal masuk: nama pengguna tidak dikenal")
        elif user.terkunci_sampai is not None and user.terkunci_sampai > now:
            failure = (f"Akun '{name}' terkunci karena terlalu banyak percobaan gagal. "
                       f"Coba lagi dalam {describe_wait(user.terkunci_sampai, now)} atau hubungi administrator.")
            audit_service.record(session, name, Aksi.LOGIN_GAGAL, "pengguna", user.id,
                                 "Gagal masuk: akun sedang terkunci")
        elif not _verify(user.password_hash, password):
            user.gagal_login = int(user.gagal_login or 0) + 1
            wait = lock_duration(user.gagal_login, policy)
            failure = _WRONG
            ringkasan = f"Gagal masuk: kata sandi salah (percobaan ke-{user.gagal_login})"
            if wait:
                user.terkunci_sampai = now + wait
                failure = (f"{_WRONG} Akun dikunci selama {describe_wait(now + wait, now)} karena "
                           f"{user.gagal_login} kali gagal berturut-turut.")
                ringkasan += f"; akun dikunci {int(wait.total_seconds())} detik"
            audit_service.record(session, name, Aksi.LOGIN_GAGAL, "pengguna", user.id, ringkasan)
        elif not user.aktif:
            failure = f"Akun '{name}' dinonaktifkan. Hubungi administrator."
            audit_service.record(session, name, Aksi.LOGIN_GAGAL, "pengguna", user.id,
                                 "Gagal masuk: akun nonaktif")
        else:
            user.gagal_login = 0
            user.terkunci_sampai = None
            user.login_terakhir = now
            if PASSWORD_HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            audit_service.record(session, name, Aksi.LOGIN, "pengguna", user.id, "Masuk ke aplikasi")
            info = _info(user)
            if not info.peran:
                failure = f"Akun '{name}' belum diberi peran. Hubungi administrator."
            else:
                result = Sesi(info.to_actor(), info, info.harus_ganti_password, policy.idle_minutes)
    if failure is not None or result is None:
        raise LoginGagal(failure or _WRONG)
    return result


def logout(db: Database, actor: Actor, *, alasan: str = "") -> None:
    ringkasan = "Keluar dari aplikasi" + (f" ({alasan})" if alasan else "")
    audit_service.record_event(db, actor, Aksi.LOGOUT, "pengguna", actor.user_id, ringkasan)


def change_password(db: Database, actor: Actor, *, lama: str, baru: str) -> None:
    """The signed-in user changes their own password (the old one is asked again)."""
    if actor.user_id is None:
        raise AksesDitolak("Hanya pengguna yang masuk yang dapat mengganti kata sandinya.")
    with db.session(actor=actor, write=True) as session:
        user = _get_user(session, actor.user_id)
        if not _verify(user.password_hash, lama):
            raise DomainError("Kata sandi lama salah.", field="lama")
        if lama == baru:
            raise DomainError("Kata sandi baru harus berbeda dari kata sandi lama.", field="baru")
        check_new_password(baru, load_policy(session), username=user.username, nama=user.nama)
        user.password_hash = hash_password(baru)
        user.harus_ganti_password = False
        audit_service.record(session, actor, Aksi.PENGGUNA, "pengguna", user.id, "Kata sandi diganti sendiri")


# --- user management (Administrator) -------------------------------------------------------------

def list_users(db: Database, actor: Actor) -> list[PenggunaInfo]:
    require(actor, Izin.KELOLA_PENGGUNA)
    with db.session(actor=actor) as session:
        return [_info(u) for u in session.scalars(select(Pengguna).order_by(Pengguna.username))]


def create_user(db: Database, actor: Actor, *, username: str, nama: str, password: str,
                peran: frozenset[Peran] | set[Peran] | tuple[Peran, ...] | list[Peran],
                nip: str | None = None, batas_opd: tuple[int, ...] | frozenset[int] = (),
                harus_ganti_password: bool = True) -> PenggunaInfo:
    """Create an account; by default its owner must choose a new password at the first login."""
    require(actor, Izin.KELOLA_PENGGUNA)
    name = _check_username(username)
    full_name = _check_nama(nama)
    roles = _check_roles(peran)
    with db.session(actor=actor, write=True) as session:
        if session.scalar(select(Pengguna.id).where(Pengguna.username == name)) is not None:
            raise DomainError(f"Nama pengguna '{name}' sudah dipakai.", field="username")
        check_new_password(password, load_policy(session), username=name, nama=full_name)
        user = Pengguna(username=name, nama=full_name, nip=(nip or "").strip() or None,
                        password_hash=hash_password(password), aktif=True,
                        harus_ganti_password=harus_ganti_password, gagal_login=0,
                        batas_opd=format_batas_opd(tuple(batas_opd)))
        user.peran.extend(PenggunaPeran(peran=r.value) for r in roles)
        session.add(user)
        session.flush()
        audit_service.record(session, actor, Aksi.PENGGUNA, "pengguna", user.id, f"Pengguna '{name}' dibuat",
                             {"peran": [r.value for r in roles], "batas_opd": sorted(batas_opd)})
        return _info(user)


def update_user(db: Database, actor: Actor, user_id: int, *, nama: str,
                peran: frozenset[Peran] | set[Peran] | tuple[Peran, ...] | list[Peran], aktif: bool,
                batas_opd: tuple[int, ...] | frozenset[int] = (), nip: str | None = None) -> PenggunaInfo:
    """Change name, roles, active flag and OPD limit. The last active Administrator stays one."""
    require(actor, Izin.KELOLA_PENGGUNA)
    full_name = _check_nama(nama)
    roles = _check_roles(peran)
    with db.session(actor=actor, write=True) as session:
        user = _get_user(session, user_id)
        if user.id == actor.user_id and not aktif:
            raise DomainError("Anda tidak dapat menonaktifkan akun Anda sendiri.", field="aktif")
        before = sorted(r.peran for r in user.peran)
        after = sorted(r.value for r in roles)
        admins = _active_admin_ids(session)
        stays_admin = aktif and Peran.ADMINISTRATOR in roles
        if user.id in admins and not stays_admin and len(admins) <= 1:
            raise DomainError("Harus tetap ada sedikitnya satu Administrator aktif.", field="peran")
        user.nama = full_name
        user.aktif = aktif
        user.nip = (nip or "").strip() or None
        user.batas_opd = format_batas_opd(tuple(batas_opd))
        if before != after:
            user.peran[:] = [r for r in user.peran if r.peran in after]
            have = {r.peran for r in user.peran}
            user.peran.extend(PenggunaPeran(peran=code) for code in after if code not in have)
            audit_service.record(session, actor, Aksi.PENGGUNA, "pengguna", user.id,
                                 f"Peran pengguna '{user.username}' diubah",
                                 {"peran": {"lama": before, "baru": after}})
        session.flush()
        return _info(user)


def reset_password(db: Database, actor: Actor, user_id: int, new_password: str) -> PenggunaInfo:
    """An Administrator sets a temporary password; the owner must change it at the next login."""
    require(actor, Izin.KELOLA_PENGGUNA)
    with db.session(actor=actor, write=True) as session:
        user = _get_user(session, user_id)
        check_new_password(new_password, load_policy(session), username=user.username, nama=user.nama)
        user.password_hash = hash_password(new_password)
        user.harus_ganti_password = True
        user.gagal_login = 0
        user.terkunci_sampai = None
        audit_service.record(session, actor, Aksi.PENGGUNA, "pengguna", user.id,
                             f"Kata sandi '{user.username}' diatur ulang oleh administrator")
        return _info(user)


def unlock_user(db: Database, actor: Actor, user_id: int) -> PenggunaInfo:
    require(actor, Izin.KELOLA_PENGGUNA)
    with db.session(actor=actor, write=True) as session:
        user = _get_user(session, user_id)
        user.gagal_login = 0
        user.terkunci_sampai = None
        audit_service.record(session, actor, Aksi.PENGGUNA, "pengguna", user.id,
                             f"Kunci akun '{user.username}' dibuka")
        return _info(user)


def list_opd(db: Database, actor: Actor) -> list[tuple[int, str]]:
    """The top-level units (OPD) an Operator can be limited to, as (id, name)."""
    require(actor, Izin.KELOLA_PENGGUNA)
    with db.session(actor=actor) as session:
        stmt = (select(UnitKerja.id, UnitKerja.nama).where(UnitKerja.parent_id.is_(None))
                .order_by(UnitKerja.urutan, UnitKerja.nama))
        return [(int(i), str(n)) for i, n in session.execute(stmt)]
