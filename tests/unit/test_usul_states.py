"""The usul state machine: allowed paths, final states, permissions per role."""

from __future__ import annotations

import pytest

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, Izin, Peran
from mutasi_desktop.domain.usul_states import (
    FINAL_STATES,
    OPEN_STATES,
    TRANSITIONS,
    Aksi,
    StatusUsul,
    available_actions,
    is_allowed_path,
    parse_status,
    reachable_states,
    transition_for,
)

S = StatusUsul


def _actor(*peran: Peran) -> Actor:
    return Actor(username="u", nama="U", peran=frozenset(peran))


def test_every_state_is_reachable_from_draf() -> None:
    assert reachable_states() == frozenset(StatusUsul)


def test_final_states_have_no_way_out_except_correction_of_an_applied_mutasi() -> None:
    for t in TRANSITIONS:
        if t.dari in FINAL_STATES:
            assert (t.dari, t.aksi) == (S.DILAKSANAKAN, Aksi.KOREKSI)
    assert available_actions(S.DIBATALKAN) == []
    assert available_actions(S.DITOLAK) == []
    assert available_actions(S.TIDAK_MEMENUHI_SYARAT) == []


@pytest.mark.parametrize("status", sorted(OPEN_STATES))
def test_cancel_is_possible_from_every_open_state(status: StatusUsul) -> None:
    step = transition_for(status, Aksi.BATALKAN)
    assert step.ke is S.DIBATALKAN and step.catatan_wajib


@pytest.mark.parametrize(
    "path",
    [
        [S.DRAF, S.DIAJUKAN, S.DIVERIFIKASI, S.DISETUJUI, S.SK_DITETAPKAN, S.DILAKSANAKAN, S.DIKOREKSI],
        [S.DRAF, S.DIAJUKAN, S.BERKAS_TIDAK_LENGKAP, S.DIAJUKAN, S.TIDAK_MEMENUHI_SYARAT],
        [S.DRAF, S.DIAJUKAN, S.DIVERIFIKASI, S.DITOLAK],
        [S.DRAF, S.DIBATALKAN],
    ],
)
def test_allowed_paths(path: list[StatusUsul]) -> None:
    assert is_allowed_path(path)


@pytest.mark.parametrize(
    "path",
    [[S.DRAF, S.DISETUJUI], [S.DIAJUKAN, S.SK_DITETAPKAN], [S.DIBATALKAN, S.DRAF], [S.DITOLAK, S.DISETUJUI],
     [S.BERKAS_TIDAK_LENGKAP, S.DIVERIFIKASI], [S.DISETUJUI, S.DILAKSANAKAN]],
)
def test_forbidden_paths(path: list[StatusUsul]) -> None:
    assert not is_allowed_path(path)


def test_forbidden_transition_message_is_indonesian_and_lists_the_options() -> None:
    with pytest.raises(DomainError) as info:
        transition_for(S.DRAF, Aksi.SETUJUI)
    assert "Aksi 'Setujui' tidak dapat dilakukan pada usul berstatus Draf" in info.value.message
    assert "Ajukan" in info.value.message


@pytest.mark.parametrize(
    ("peran", "status", "expected"),
    [
        (Peran.OPERATOR, S.DRAF, {Aksi.AJUKAN, Aksi.BATALKAN}),
        (Peran.VERIFIKATOR, S.DRAF, set()),
        (Peran.VERIFIKATOR, S.DIAJUKAN, {Aksi.VERIFIKASI, Aksi.BERKAS_TIDAK_LENGKAP, Aksi.TIDAK_MEMENUHI_SYARAT}),
        (Peran.PEJABAT, S.DIVERIFIKASI, {Aksi.SETUJUI, Aksi.TOLAK}),
        (Peran.PEJABAT, S.DISETUJUI, {Aksi.TETAPKAN_SK}),
        (Peran.PEJABAT, S.SK_DITETAPKAN, {Aksi.LAKSANAKAN}),
        (Peran.OPERATOR, S.BERKAS_TIDAK_LENGKAP, {Aksi.AJUKAN, Aksi.BATALKAN}),
        (Peran.PEMBACA, S.DIAJUKAN, set()),
    ],
)
def test_buttons_per_role(peran: Peran, status: StatusUsul, expected: set[Aksi]) -> None:
    assert {t.aksi for t in available_actions(status, _actor(peran))} == expected


def test_each_transition_needs_one_workflow_permission() -> None:
    workflow = {Izin.KELOLA_USUL, Izin.VERIFIKASI_USUL, Izin.SETUJUI_USUL, Izin.TETAPKAN_SK}
    assert {t.izin for t in TRANSITIONS} <= workflow


def test_parse_status_accepts_labels() -> None:
    assert parse_status("Berkas Tidak Lengkap") is S.BERKAS_TIDAK_LENGKAP
    assert parse_status("diajukan") is S.DIAJUKAN
    with pytest.raises(DomainError, match="Status usul 'X' tidak dikenal"):
        parse_status("X")
