"""The exchange package file: a zip with a signed manifest, JSON data and attachments.

Layout (format ``mutasi-paket``, version 1)::

    manifest.json   what the package is: sender, receiver, sequence number, counts, and the
                    SHA-256 of every other file as stored (after encryption, if any)
    manifest.sig    Ed25519 signature of manifest.json's exact bytes, base64
    data.json       the records (encrypted with AES-GCM when the package is encrypted)
    lampiran/<sha>  attachment files

Signing the manifest signs everything, because the manifest pins every file's hash; in addition
the whole zip file (every byte, headers and timestamps included) is signed, and that signature is
stored in the zip comment, so a single changed byte anywhere is refused. Signatures are checked
before anything is decrypted or parsed. Encryption is optional: a password
(scrypt → AES-256-GCM) or the receiving office's X25519 key (ephemeral X25519 + HKDF →
AES-256-GCM). Each file has its own nonce and its name as associated data, so files cannot be
swapped.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from mutasi_desktop.domain.errors import DomainError

FORMAT = "mutasi-paket"
VERSI = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
DATA = "data.json"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MAX_TOTAL_BYTES = 2 * 1024**3  # refuse zip bombs
MAX_FILES = 100_000
COMMENT_PREFIX = b"MPSIG1:"
METODE_SANDI = "sandi-scrypt-aesgcm"
METODE_KUNCI = "x25519-aesgcm"


class PaketDitolak(DomainError):
    """The package is refused (damaged, tampered, unsigned, foreign, replayed, misaddressed)."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class EnkripsiSandi:
    """Encrypt with a password the clerk tells the other office by another channel."""

    sandi: str


@dataclass(frozen=True)
class EnkripsiKunci:
    """Encrypt for the receiving office's X25519 public key (only that office can open it)."""

    kunci_publik: X25519PublicKey


Enkripsi = EnkripsiSandi | EnkripsiKunci


def _scrypt_key(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))


def _hkdf_key(shared: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"mutasi-paket v1").derive(shared)


def _encryption_header(enkripsi: Enkripsi) -> tuple[dict[str, Any], bytes]:
    if isinstance(enkripsi, EnkripsiSandi):
        if not enkripsi.sandi:
            raise DomainError("Kata sandi paket tidak boleh kosong.", field="sandi")
        salt = os.urandom(16)
        key = _scrypt_key(enkripsi.sandi, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        return {"metode": METODE_SANDI, "salt": b64(salt), "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}, key
    ephemeral = X25519PrivateKey.generate()
    key = _hkdf_key(ephemeral.exchange(enkripsi.kunci_publik))
    public = ephemeral.public_key().public_bytes_raw()
    return {"metode": METODE_KUNCI, "kunci_sementara": b64(public)}, key


def write_package(path: Path, *, manifest: dict[str, Any], files: dict[str, bytes],
                  sign_key: Ed25519PrivateKey, enkripsi: Enkripsi | None = None) -> str:
    """Write the package to ``path`` (atomically) and return the SHA-256 of the whole file."""
    manifest = dict(manifest)
    manifest["format"] = FORMAT
    manifest["versi"] = VERSI
    stored: dict[str, bytes] = {}
    listing: dict[str, dict[str, Any]] = {}
    key: bytes | None = None
    if enkripsi is not None:
        manifest["enkripsi"], key = _encryption_header(enkripsi)
    else:
        manifest["enkripsi"] = None
    for name, content in files.items():
        entry: dict[str, Any] = {"ukuran": len(content)}
        if key is not None:
            nonce = os.urandom(12)
            content = AESGCM(key).encrypt(nonce, content, name.encode("utf-8"))
            entry["nonce"] = b64(nonce)
        entry["sha256"] = sha256_hex(content)
        stored[name] = content
        listing[name] = entry
    manifest["berkas"] = listing
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    signature = sign_key.sign(manifest_bytes)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(MANIFEST, manifest_bytes)
        zf.writestr(SIGNATURE, b64(signature))
        for name, content in stored.items():
            # Ciphertext does not compress; store it as is.
            zf.writestr(name, content, compress_type=zipfile.ZIP_STORED if key else zipfile.ZIP_DEFLATED)
    raw = buffer.getvalue()
    # The zip ends with an empty comment (its length, 0, is the last two bytes). Sign the file as it
    # is, then put the signature into the comment.
    assert raw[-2:] == b"\x00\x00"
    comment = COMMENT_PREFIX + b64(sign_key.sign(raw)).encode("ascii")
    raw = raw[:-2] + len(comment).to_bytes(2, "little") + comment
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(raw)
    os.replace(tmp, path)
    return sha256_hex(raw)


@dataclass(frozen=True)
class PaketTerbaca:
    """A package read from disk: checked for shape only, not yet for signature or hashes."""

    manifest: dict[str, Any]
    manifest_bytes: bytes
    signature: bytes
    files: dict[str, bytes]
    sha256: str  # of the whole file: identifies this exact package
    file_signature: bytes  # Ed25519 over the zip without its comment
    signed_bytes: bytes

    @property
    def terenkripsi(self) -> bool:
        return bool(self.manifest.get("enkripsi"))

    @property
    def metode_enkripsi(self) -> str | None:
        header = self.manifest.get("enkripsi")
        return header.get("metode") if isinstance(header, dict) else None


def _sebab(exc: OSError) -> str:
    """Why a file could not be read, in Indonesian (the OS text is English)."""
    if isinstance(exc, FileNotFoundError):
        return "berkas tidak ditemukan"
    if isinstance(exc, IsADirectoryError):
        return "yang dipilih adalah folder, bukan berkas"
    if isinstance(exc, PermissionError):
        return "tidak ada izin untuk membacanya"
    return f"kesalahan sistem berkas ({type(exc).__name__})"


def read_package(path: Path) -> PaketTerbaca:
    """Open ``path`` and check it looks like an exchange package (refuse otherwise)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PaketDitolak(f"Berkas paket '{path}' tidak dapat dibaca: {_sebab(exc)}.") from exc
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except Exception as exc:  # any damage to untrusted input is a refusal, whatever the zip module raises
        raise PaketDitolak(
            f"Berkas '{path.name}' bukan paket pertukaran Mutasi Desktop atau isinya rusak/telah diubah."
        ) from exc
    with zf:
        comment = zf.comment
        infos = zf.infolist()
        if len(infos) > MAX_FILES or sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise PaketDitolak(f"Paket '{path.name}' terlalu besar atau berisi terlalu banyak berkas.")
        names = {i.filename for i in infos}
        if MANIFEST not in names:
            raise PaketDitolak(f"Berkas '{path.name}' bukan paket pertukaran (manifest.json tidak ada).")
        if SIGNATURE not in names:
            raise PaketDitolak(
                f"Paket '{path.name}' tidak bertanda tangan; paket tanpa tanda tangan kantor pengirim ditolak."
            )
        try:
            contents = {name: zf.read(name) for name in names}
        except Exception as exc:  # CRC or inflate errors: a changed byte
            raise PaketDitolak(f"Paket '{path.name}' rusak atau telah diubah.") from exc
    if not comment.startswith(COMMENT_PREFIX) or not raw.endswith(comment):
        raise PaketDitolak(
            f"Paket '{path.name}' tidak bertanda tangan; paket tanpa tanda tangan kantor pengirim ditolak."
        )
    signed_bytes = raw[: len(raw) - len(comment) - 2] + b"\x00\x00"
    manifest_bytes = contents.pop(MANIFEST)
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
        signature = unb64(contents.pop(SIGNATURE).decode("ascii").strip())
        file_signature = unb64(comment[len(COMMENT_PREFIX) :].decode("ascii"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise PaketDitolak(f"Manifest atau tanda tangan paket '{path.name}' rusak.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PaketDitolak(f"Berkas '{path.name}' bukan paket pertukaran Mutasi Desktop.")
    versi = manifest.get("versi")
    if not isinstance(versi, int) or versi > VERSI:
        raise PaketDitolak(
            f"Paket '{path.name}' dibuat dengan format versi {versi}, lebih baru dari yang dikenal aplikasi ini "
            f"(versi {VERSI}). Perbarui Mutasi Desktop."
        )
    return PaketTerbaca(manifest, manifest_bytes, signature, contents, sha256_hex(raw), file_signature,
                        signed_bytes)


def verify_package(paket: PaketTerbaca, public_key: Ed25519PublicKey, *, pengirim: str) -> None:
    """Check the signature with the trusted key of ``pengirim`` and every file's hash."""
    try:
        public_key.verify(paket.file_signature, paket.signed_bytes)
        public_key.verify(paket.signature, paket.manifest_bytes)
    except InvalidSignature as exc:
        raise PaketDitolak(
            f"Tanda tangan paket tidak sah untuk kantor {pengirim}: paket telah diubah setelah ditandatangani "
            "atau tidak dibuat dengan kunci kantor tersebut. Paket ditolak."
        ) from exc
    listing = paket.manifest.get("berkas")
    if not isinstance(listing, dict):
        raise PaketDitolak("Manifest paket tidak mencantumkan daftar berkas.")
    extra = set(paket.files) - set(listing)
    if extra:
        raise PaketDitolak(f"Paket berisi berkas yang tidak tercantum di manifest: {', '.join(sorted(extra))}.")
    for name, entry in listing.items():
        content = paket.files.get(name)
        if content is None:
            raise PaketDitolak(f"Berkas '{name}' yang tercantum di manifest tidak ada di dalam paket.")
        if sha256_hex(content) != entry.get("sha256"):
            raise PaketDitolak(f"Isi paket telah diubah: berkas '{name}' tidak cocok dengan manifest.")


def decrypt_files(paket: PaketTerbaca, *, sandi: str | None = None,
                  kunci_x25519: X25519PrivateKey | None = None) -> dict[str, bytes]:
    """The files in clear (after :func:`verify_package`)."""
    header = paket.manifest.get("enkripsi")
    if not header:
        return dict(paket.files)
    metode = header.get("metode")
    try:
        if metode == METODE_SANDI:
            if not sandi:
                raise PaketDitolak("Paket ini terenkripsi dengan kata sandi; masukkan kata sandinya.")
            key = _scrypt_key(sandi, unb64(header["salt"]), int(header["n"]), int(header["r"]), int(header["p"]))
        elif metode == METODE_KUNCI:
            if kunci_x25519 is None:
                raise PaketDitolak("Paket ini terenkripsi untuk kunci kantor penerima, tetapi kunci itu tidak ada.")
            peer = X25519PublicKey.from_public_bytes(unb64(header["kunci_sementara"]))
            key = _hkdf_key(kunci_x25519.exchange(peer))
        else:
            raise PaketDitolak(f"Metode enkripsi paket '{metode}' tidak dikenal.")
    except PaketDitolak:
        raise
    except (KeyError, ValueError) as exc:
        raise PaketDitolak("Keterangan enkripsi di manifest paket rusak.") from exc
    listing = paket.manifest["berkas"]
    clear: dict[str, bytes] = {}
    for name, content in paket.files.items():
        try:
            clear[name] = AESGCM(key).decrypt(unb64(listing[name]["nonce"]), content, name.encode("utf-8"))
        except InvalidTag as exc:
            if metode == METODE_SANDI:
                raise PaketDitolak("Kata sandi paket salah.") from exc
            raise PaketDitolak("Paket ini tidak terenkripsi untuk kantor ini (kunci penerima tidak cocok).") from exc
    return clear


def load_json(files: dict[str, bytes], name: str = DATA) -> dict[str, Any]:
    try:
        data = json.loads(files[name].decode("utf-8"))
    except (KeyError, ValueError, UnicodeDecodeError) as exc:
        raise PaketDitolak(f"Data paket ({name}) tidak ada atau rusak.") from exc
    if not isinstance(data, dict):
        raise PaketDitolak(f"Data paket ({name}) tidak berbentuk yang diharapkan.")
    return data


def ed25519_public_from_b64(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(unb64(text))
