"""Short verification codes: deterministic, bound to content and subject, typo-detecting."""

from __future__ import annotations

import itertools

import pytest

from mutasi_desktop.domain.verification_code import (
    ALPHABET,
    CODE_LENGTH,
    KodeVerifikasiError,
    code_matches,
    content_sha256,
    format_code,
    make_code,
    normalize_code,
    parse_qr_payload,
    qr_payload,
)

SECRET = "rahasia-uji"
SHA = content_sha256({"nomor": "800.1.3.3/Kep.1/BKPSDM/2025", "pegawai": [{"nip": "196003181986031012"}]})


def test_code_is_deterministic_and_well_formed() -> None:
    code = make_code(SECRET, sha256=SHA, subject="SK")
    assert code == make_code(SECRET, sha256=SHA, subject="SK")
    assert len(code) == CODE_LENGTH and set(code) <= set(ALPHABET)
    assert normalize_code(format_code(code)) == code


def test_code_depends_on_content_subject_and_secret() -> None:
    code = make_code(SECRET, sha256=SHA, subject="SK")
    other_sha = content_sha256({"nomor": "800.1.3.3/Kep.2/BKPSDM/2025"})
    assert make_code(SECRET, sha256=other_sha, subject="SK") != code
    assert make_code(SECRET, sha256=SHA, subject="PETIKAN:196003181986031012") != code
    assert make_code("rahasia-lain", sha256=SHA, subject="SK") != code
    assert code_matches(SECRET, code, sha256=SHA, subject="SK")
    assert not code_matches(SECRET, code, sha256=other_sha, subject="SK")


def test_content_hash_ignores_key_order() -> None:
    assert content_sha256({"a": 1, "b": [1, 2]}) == content_sha256({"b": [1, 2], "a": 1})


def test_every_single_character_change_is_detected() -> None:
    code = make_code(SECRET, sha256=SHA, subject="SK")
    for pos, ch in itertools.product(range(CODE_LENGTH), ALPHABET):
        if code[pos] == ch:
            continue
        tampered = code[:pos] + ch + code[pos + 1 :]
        with pytest.raises(KodeVerifikasiError):
            normalize_code(tampered)


def test_typed_forms_are_accepted() -> None:
    code = make_code(SECRET, sha256=SHA, subject="SK")
    typed = format_code(code).lower().replace("-", " ")
    assert normalize_code(typed) == code
    assert normalize_code(qr_payload(code, SHA)) == code
    assert parse_qr_payload(qr_payload(code, SHA)).sha256_awal == SHA[:16]


@pytest.mark.parametrize(("text", "fragment"), [("", "kosong"), ("ABC", "12 karakter"), ("ABCD-EFGH-JK!U", "tidak sah")])
def test_malformed_codes_explained(text: str, fragment: str) -> None:
    with pytest.raises(KodeVerifikasiError) as info:
        normalize_code(text)
    assert fragment in info.value.message
