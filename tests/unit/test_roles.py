"""The roles matrix as data, the OPD limit, and role parsing."""

from __future__ import annotations

import pytest

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import (
    ROLE_PERMISSIONS,
    SYSTEM,
    Actor,
    AksesDitolak,
    Izin,
    Peran,
    format_batas_opd,
    parse_batas_opd,
    parse_peran,
    require,
    require_unit,
)


def actor(*roles: Peran, batas: frozenset[int] = frozenset()) -> Actor:
    return Actor(username="u", nama="U", peran=frozenset(roles), user_id=1, batas_opd=batas)


def test_every_role_has_an_entry_and_every_permission_is_granted_to_someone() -> None:
    assert set(ROLE_PERMISSIONS) == set(Peran)
    granted = set().union(*ROLE_PERMISSIONS.values())
    assert granted == set(Izin)


@pytest.mark.parametrize("izin", list(Izin))
def test_pembaca_only_reads(izin: Izin) -> None:
    reader = actor(Peran.PEMBACA)
    if izin in (Izin.LIHAT_DATA, Izin.EKSPOR):
        require(reader, izin)
    else:
        with pytest.raises(AksesDitolak):
            require(reader, izin)


def test_separation_of_duties() -> None:
    # The one who drafts is not the one who verifies, approves or manages users.
    op = actor(Peran.OPERATOR)
    assert not op.can(Izin.VERIFIKASI_USUL) and not op.can(Izin.SETUJUI_USUL) and not op.can(Izin.KELOLA_PENGGUNA)
    ver = actor(Peran.VERIFIKATOR)
    assert ver.can(Izin.VERIFIKASI_USUL) and not ver.can(Izin.SETUJUI_USUL) and not ver.can(Izin.KELOLA_USUL)
    pej = actor(Peran.PEJABAT)
    assert pej.can(Izin.SETUJUI_USUL) and pej.can(Izin.TETAPKAN_SK) and not pej.can(Izin.KELOLA_PEGAWAI)
    admin = actor(Peran.ADMINISTRATOR)
    assert admin.can(Izin.CADANGKAN) and admin.can(Izin.PULIHKAN) and not admin.can(Izin.SETUJUI_USUL)
    assert not actor(Peran.PEMBACA).can(Izin.LIHAT_DATA_PRIBADI)


def test_several_roles_add_up() -> None:
    both = actor(Peran.OPERATOR, Peran.VERIFIKATOR)
    assert both.can(Izin.KELOLA_USUL) and both.can(Izin.VERIFIKASI_USUL)
    assert both.peran_label == "Operator, Verifikator"


def test_refusal_message_is_indonesian_and_names_user() -> None:
    with pytest.raises(AksesDitolak) as err:
        require(actor(Peran.PEMBACA), Izin.KELOLA_PENGGUNA)
    assert "Akses ditolak" in err.value.message and "'u'" in err.value.message
    assert "Pembaca" in err.value.message


def test_nobody_without_roles() -> None:
    with pytest.raises(AksesDitolak, match="tanpa peran"):
        require(actor(), Izin.LIHAT_DATA)


def test_system_actor_can_everything() -> None:
    for izin in Izin:
        require(SYSTEM, izin)


def test_opd_limit() -> None:
    limited = actor(Peran.OPERATOR, batas=frozenset({3, 40}))
    assert limited.may_touch_unit("/3/17/42/")
    assert limited.may_touch_unit("/40/")
    assert not limited.may_touch_unit("/33/17/")  # "/3/" must not match "/33/"
    assert not limited.may_touch_unit(None)
    require_unit(limited, Izin.KELOLA_PEGAWAI, "/3/9/")
    with pytest.raises(AksesDitolak, match="dibatasi pada OPD"):
        require_unit(limited, Izin.KELOLA_PEGAWAI, "/5/9/", unit_nama="Dinas Kesehatan")
    # The role check comes first.
    with pytest.raises(AksesDitolak, match="tidak berwenang mengelola data pegawai"):
        require_unit(actor(Peran.PEMBACA), Izin.KELOLA_PEGAWAI, "/3/")
    assert actor(Peran.OPERATOR).may_touch_unit(None)


def test_batas_opd_round_trip() -> None:
    assert parse_batas_opd(format_batas_opd({5, 3, 12})) == frozenset({3, 5, 12})
    assert format_batas_opd({5, 3}) == "3;5"
    assert parse_batas_opd("") == frozenset()
    assert parse_batas_opd("3; x;7") == frozenset({3, 7})


def test_parse_peran() -> None:
    assert parse_peran(["operator", "PEJABAT"]) == frozenset({Peran.OPERATOR, Peran.PEJABAT})
    with pytest.raises(DomainError, match="tidak dikenal"):
        parse_peran(["SUPERUSER"])


def test_every_permission_is_named_in_indonesian_in_the_refusal() -> None:
    from mutasi_desktop.services.usul_store import require_any

    for izin in Izin:
        assert izin.label and izin.value not in izin.label and "_" not in izin.label
    with pytest.raises(AksesDitolak) as err:
        require_any(actor(Peran.PEMBACA), Izin.VERIFIKASI_USUL, Izin.SETUJUI_USUL)
    assert "tidak berwenang memverifikasi usul mutasi atau menyetujui" in err.value.message
    assert "VERIFIKASI_USUL" not in err.value.message
