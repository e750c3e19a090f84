"""Short printed verification codes and QR payloads for decrees, checkable offline.

A code is HMAC-SHA256 (key = the office's secret kept in settings) over the SK's content hash
and what the document is (the SK itself or one pegawai's petikan), cut to 55 bits and written
as 11 Crockford base32 characters plus one check character, grouped ``ABCD-EFGH-JKMN``.

* The check character catches a mistyped code before any database lookup (every single wrong
  character, most swaps of neighbours).
* The HMAC makes codes unguessable without the secret and binds them to the frozen content: the
  app recomputes the code from the stored content and knows when a stored SK was altered.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from mutasi_desktop.domain.errors import DomainError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
DATA_CHARS = 11
CODE_LENGTH = DATA_CHARS + 1
QR_PREFIX = "MUTASI-SK"
QR_VERSION = "v1"
# Crockford decoding: letters people confuse with digits read as those digits.
_READ_AS = {"O": "0", "I": "1", "L": "1"}
_WEIGHTS = tuple(2 * i + 1 for i in range(DATA_CHARS))  # odd weights: every single error changes the sum


class KodeVerifikasiError(DomainError):
    """A verification code that cannot be right (wrong length, characters or check character)."""


@dataclass(frozen=True)
class QrIsi:
    kode: str
    sha256_awal: str  # first 16 hex digits of the content hash


def new_secret() -> str:
    """A fresh office secret (hex), created once and stored in settings."""
    return secrets.token_hex(32)


def content_sha256(konten: dict[str, Any]) -> str:
    """SHA-256 of a JSON document in canonical form (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(konten, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _check_char(data: str) -> str:
    total = sum(w * ALPHABET.index(c) for w, c in zip(_WEIGHTS, data, strict=True))
    return ALPHABET[total % 32]


def make_code(secret: str, *, sha256: str, subject: str) -> str:
    """The normalised 12-character code for the document ``subject`` (``"SK"`` or ``"PETIKAN:<nip>"``)."""
    if not secret:
        raise KodeVerifikasiError("Rahasia kantor untuk kode verifikasi belum diatur")
    mac = hmac.new(secret.encode("utf-8"), f"{subject}|{sha256}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(mac[:8], "big") >> (64 - 5 * DATA_CHARS)
    data = "".join(ALPHABET[(number >> (5 * (DATA_CHARS - 1 - i))) & 31] for i in range(DATA_CHARS))
    return data + _check_char(data)


def format_code(code: str) -> str:
    """``ABCDEFGHJKMN`` -> ``ABCD-EFGH-JKMN`` (the printed form)."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalize_code(text: str) -> str:
    """Read a code as typed or scanned; raise :class:`KodeVerifikasiError` if it cannot be valid.

    Accepts the printed form with dashes or spaces, lower case, the letters O/I/L for 0/1/1,
    and the whole QR payload.
    """
    raw = text.strip()
    if raw.upper().startswith(QR_PREFIX + "|"):
        raw = parse_qr_payload(raw).kode
    cleaned = "".join(ch for ch in raw.upper() if ch not in " -_.")
    cleaned = "".join(_READ_AS.get(ch, ch) for ch in cleaned)
    if not cleaned:
        raise KodeVerifikasiError("Kode verifikasi kosong")
    bad = sorted({ch for ch in cleaned if ch not in ALPHABET})
    if bad:
        raise KodeVerifikasiError(f"Kode verifikasi memuat karakter tidak sah: {' '.join(bad)}")
    if len(cleaned) != CODE_LENGTH:
        raise KodeVerifikasiError(
            f"Kode verifikasi harus {CODE_LENGTH} karakter (tanpa tanda hubung); yang dimasukkan {len(cleaned)}"
        )
    if _check_char(cleaned[:DATA_CHARS]) != cleaned[DATA_CHARS]:
        raise KodeVerifikasiError("Kode verifikasi tidak sah: karakter pemeriksa tidak cocok (salah ketik atau diubah)")
    return cleaned


def qr_payload(code: str, sha256: str) -> str:
    """Text stored in the QR code: ``MUTASI-SK|v1|ABCD-EFGH-JKMN|<16 hex of the content hash>``."""
    return f"{QR_PREFIX}|{QR_VERSION}|{format_code(code)}|{sha256[:16]}"


def parse_qr_payload(payload: str) -> QrIsi:
    parts = payload.strip().split("|")
    if len(parts) != 4 or parts[0].upper() != QR_PREFIX or parts[1] != QR_VERSION:
        raise KodeVerifikasiError("Isi kode QR bukan kode verifikasi Mutasi Desktop")
    kode = "".join(ch for ch in parts[2].upper() if ch != "-")
    return QrIsi(kode=kode, sha256_awal=parts[3].lower())


def code_matches(secret: str, code: str, *, sha256: str, subject: str) -> bool:
    """True when ``code`` is the code of ``subject`` for content ``sha256`` (constant-time compare)."""
    return hmac.compare_digest(make_code(secret, sha256=sha256, subject=subject), code)
