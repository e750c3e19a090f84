"""Masking personal data for users without ``Izin.LIHAT_DATA_PRIBADI`` (UU 27/2022 on personal data).

Exports and lists call these for a reader: enough is left to tell two rows apart, not enough to
use the number elsewhere. The database itself is never masked.
"""

from __future__ import annotations

MASK = "*"


def _mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    if len(value) <= keep_start + keep_end:
        return MASK * len(value)
    return value[:keep_start] + MASK * (len(value) - keep_start - keep_end) + value[len(value) - keep_end:]


def mask_nik(nik: str | None) -> str:
    """NIK (16 digits): keep the region code (6 digits) and the last 2: ``320101**********12``."""
    if not nik:
        return ""
    digits = "".join(ch for ch in nik if not ch.isspace())
    return _mask_middle(digits, 6, 2)


def mask_nip(nip: str | None) -> str:
    """NIP: the birth date (digits 1-8) is personal data; keep the TMT and sequence for telling apart."""
    if not nip:
        return ""
    digits = "".join(ch for ch in nip if not ch.isspace())
    if len(digits) != 18:
        return _mask_middle(digits, 0, 4)
    return MASK * 8 + digits[8:]


def mask_telepon(telepon: str | None) -> str:
    """Phone: keep the first 4 and last 2 digits (``0812******34``)."""
    if not telepon:
        return ""
    return _mask_middle(telepon.strip(), 4, 2)


def mask_email(email: str | None) -> str:
    """E-mail: first letter of the local part and the domain (``b*****@contoh.go.id``)."""
    if not email:
        return ""
    local, sep, domain = email.strip().partition("@")
    if not sep:
        return _mask_middle(local, 1, 0)
    return _mask_middle(local, 1, 0) + "@" + domain


def mask_alamat(alamat: str | None) -> str:
    """Address: only the last comma-separated part (usually the kecamatan or city) stays readable."""
    if not alamat:
        return ""
    parts = [p.strip() for p in alamat.split(",") if p.strip()]
    if len(parts) <= 1:
        return "(disembunyikan)"
    return "(disembunyikan), " + parts[-1]


def mask_tanggal_lahir(text: str | None) -> str:
    """A birth date shown as text: keep only the year (last 4 characters when they are digits)."""
    if not text:
        return ""
    tail = text.strip()[-4:]
    return f"**-**-{tail}" if tail.isdigit() else "(disembunyikan)"


# Field name -> mask, for records about to be exported or shown to a user without
# ``Izin.LIHAT_DATA_PRIBADI``. Names follow the pegawai columns; exporters with other column
# names map them first.
PERSONAL_FIELDS = {
    "nik": mask_nik,
    "telepon": mask_telepon,
    "no_hp": mask_telepon,
    "email": mask_email,
    "alamat": mask_alamat,
}


def mask_record(record: dict[str, object], *, may_see_personal: bool) -> dict[str, object]:
    """A copy of ``record`` with the personal fields masked unless ``may_see_personal``.

    Call as ``mask_record(row, may_see_personal=actor.can(Izin.LIHAT_DATA_PRIBADI))``.
    """
    if may_see_personal:
        return dict(record)
    masked = dict(record)
    for key, mask in PERSONAL_FIELDS.items():
        value = masked.get(key)
        if value is not None:
            masked[key] = mask(str(value))
    return masked
