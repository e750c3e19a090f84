"""The life of an usul mutasi as an explicit state machine (reference §1.5).

``Draf → Diajukan → Diverifikasi | Berkas Tidak Lengkap (→ Diajukan again) | Tidak Memenuhi
Syarat``; ``Diverifikasi → Disetujui | Ditolak``; ``Disetujui → SK Ditetapkan → Dilaksanakan``;
``Dibatalkan`` from any state that is not final. An applied mutasi that proves wrong is corrected
by a reversal citing the correcting SK (``Dilaksanakan → Dikoreksi``), never by deleting history.

Each transition names the permission (``domain.roles.Izin``) it needs, so the service refuses a
clerk who may not do it and the screen only shows the buttons the user may press.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.roles import Actor, Izin


class StatusUsul(StrEnum):
    DRAF = "DRAF"
    DIAJUKAN = "DIAJUKAN"
    BERKAS_TIDAK_LENGKAP = "BERKAS_TIDAK_LENGKAP"
    TIDAK_MEMENUHI_SYARAT = "TIDAK_MEMENUHI_SYARAT"
    DIVERIFIKASI = "DIVERIFIKASI"
    DISETUJUI = "DISETUJUI"
    DITOLAK = "DITOLAK"
    SK_DITETAPKAN = "SK_DITETAPKAN"
    DILAKSANAKAN = "DILAKSANAKAN"
    DIBATALKAN = "DIBATALKAN"
    DIKOREKSI = "DIKOREKSI"

    @property
    def label(self) -> str:
        return _STATUS_LABEL[self]

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATES

    @property
    def is_open(self) -> bool:
        """Still on its way: blocks a second usul for the same pegawai."""
        return self in OPEN_STATES

    @property
    def is_editable(self) -> bool:
        """The proposer may still change the usul (jenis, target, TMT, notes)."""
        return self in (StatusUsul.DRAF, StatusUsul.BERKAS_TIDAK_LENGKAP)


_STATUS_LABEL = {
    StatusUsul.DRAF: "Draf",
    StatusUsul.DIAJUKAN: "Diajukan",
    StatusUsul.BERKAS_TIDAK_LENGKAP: "Berkas Tidak Lengkap",
    StatusUsul.TIDAK_MEMENUHI_SYARAT: "Tidak Memenuhi Syarat",
    StatusUsul.DIVERIFIKASI: "Diverifikasi",
    StatusUsul.DISETUJUI: "Disetujui",
    StatusUsul.DITOLAK: "Ditolak",
    StatusUsul.SK_DITETAPKAN: "SK Ditetapkan",
    StatusUsul.DILAKSANAKAN: "Dilaksanakan",
    StatusUsul.DIBATALKAN: "Dibatalkan",
    StatusUsul.DIKOREKSI: "Dikoreksi",
}

FINAL_STATES = frozenset(
    {
        StatusUsul.TIDAK_MEMENUHI_SYARAT,
        StatusUsul.DITOLAK,
        StatusUsul.DILAKSANAKAN,
        StatusUsul.DIBATALKAN,
        StatusUsul.DIKOREKSI,
    }
)
OPEN_STATES = frozenset(s for s in StatusUsul if s not in FINAL_STATES)
# Usul whose target seat is as good as taken: the vacancy check counts them as claims.
APPROVED_STATES = frozenset({StatusUsul.DISETUJUI, StatusUsul.SK_DITETAPKAN})
# Submitted usul still being processed: the vacancy check warns about them.
IN_PROCESS_STATES = frozenset({StatusUsul.DIAJUKAN, StatusUsul.BERKAS_TIDAK_LENGKAP, StatusUsul.DIVERIFIKASI})


class Aksi(StrEnum):
    """An action that moves an usul from one state to another."""

    AJUKAN = "AJUKAN"
    VERIFIKASI = "VERIFIKASI"
    BERKAS_TIDAK_LENGKAP = "BERKAS_TIDAK_LENGKAP"
    TIDAK_MEMENUHI_SYARAT = "TIDAK_MEMENUHI_SYARAT"
    SETUJUI = "SETUJUI"
    TOLAK = "TOLAK"
    TETAPKAN_SK = "TETAPKAN_SK"
    LAKSANAKAN = "LAKSANAKAN"
    BATALKAN = "BATALKAN"
    KOREKSI = "KOREKSI"

    @property
    def label(self) -> str:
        return _AKSI_LABEL[self]


_AKSI_LABEL = {
    Aksi.AJUKAN: "Ajukan",
    Aksi.VERIFIKASI: "Nyatakan terverifikasi",
    Aksi.BERKAS_TIDAK_LENGKAP: "Berkas tidak lengkap",
    Aksi.TIDAK_MEMENUHI_SYARAT: "Tidak memenuhi syarat",
    Aksi.SETUJUI: "Setujui",
    Aksi.TOLAK: "Tolak",
    Aksi.TETAPKAN_SK: "SK ditetapkan",
    Aksi.LAKSANAKAN: "Catat SPMT (dilaksanakan)",
    Aksi.BATALKAN: "Batalkan usul",
    Aksi.KOREKSI: "Koreksi dengan SK pembatalan",
}


@dataclass(frozen=True)
class Transisi:
    dari: StatusUsul
    aksi: Aksi
    ke: StatusUsul
    izin: Izin
    catatan_wajib: bool = False  # the clerk must say why (refusals, cancellations)


S = StatusUsul
TRANSITIONS: tuple[Transisi, ...] = (
    Transisi(S.DRAF, Aksi.AJUKAN, S.DIAJUKAN, Izin.KELOLA_USUL),
    Transisi(S.BERKAS_TIDAK_LENGKAP, Aksi.AJUKAN, S.DIAJUKAN, Izin.KELOLA_USUL),
    Transisi(S.DIAJUKAN, Aksi.VERIFIKASI, S.DIVERIFIKASI, Izin.VERIFIKASI_USUL),
    Transisi(S.DIAJUKAN, Aksi.BERKAS_TIDAK_LENGKAP, S.BERKAS_TIDAK_LENGKAP, Izin.VERIFIKASI_USUL, True),
    Transisi(S.DIAJUKAN, Aksi.TIDAK_MEMENUHI_SYARAT, S.TIDAK_MEMENUHI_SYARAT, Izin.VERIFIKASI_USUL, True),
    Transisi(S.DIVERIFIKASI, Aksi.SETUJUI, S.DISETUJUI, Izin.SETUJUI_USUL),
    Transisi(S.DIVERIFIKASI, Aksi.TOLAK, S.DITOLAK, Izin.SETUJUI_USUL, True),
    Transisi(S.DISETUJUI, Aksi.TETAPKAN_SK, S.SK_DITETAPKAN, Izin.TETAPKAN_SK),
    Transisi(S.SK_DITETAPKAN, Aksi.LAKSANAKAN, S.DILAKSANAKAN, Izin.TETAPKAN_SK),
    Transisi(S.DILAKSANAKAN, Aksi.KOREKSI, S.DIKOREKSI, Izin.TETAPKAN_SK, True),
    *(Transisi(s, Aksi.BATALKAN, S.DIBATALKAN, Izin.KELOLA_USUL, True) for s in S if s in OPEN_STATES),
)
del S

_BY_KEY = {(t.dari, t.aksi): t for t in TRANSITIONS}


def parse_status(value: StatusUsul | str) -> StatusUsul:
    """Status from its code or label (``"Berkas Tidak Lengkap"``); DomainError otherwise."""
    if isinstance(value, StatusUsul):
        return value
    text = "_".join(str(value).strip().upper().split())
    for status in StatusUsul:
        if text in (status.value, "_".join(status.label.upper().split())):
            return status
    raise DomainError(f"Status usul '{value}' tidak dikenal", field="status")


def transition_for(dari: StatusUsul | str, aksi: Aksi) -> Transisi:
    """The transition for ``aksi`` from ``dari``; DomainError (Indonesian) when forbidden."""
    status = parse_status(dari)
    found = _BY_KEY.get((status, aksi))
    if found is None:
        allowed = ", ".join(t.aksi.label for t in TRANSITIONS if t.dari == status) or "tidak ada"
        raise DomainError(
            f"Aksi '{aksi.label}' tidak dapat dilakukan pada usul berstatus {status.label}. "
            f"Aksi yang mungkin: {allowed}.",
            field="status",
        )
    return found


def available_actions(status: StatusUsul | str, actor: Actor | None = None) -> list[Transisi]:
    """Transitions from ``status``; only those ``actor`` may do when an actor is given."""
    current = parse_status(status)
    return [t for t in TRANSITIONS if t.dari == current and (actor is None or actor.can(t.izin))]


def reachable_states(start: StatusUsul = StatusUsul.DRAF) -> frozenset[StatusUsul]:
    """Every state reachable from ``start`` through :data:`TRANSITIONS`."""
    seen = {start}
    frontier: list[StatusUsul] = [start]
    while frontier:
        current = frontier.pop()
        for t in TRANSITIONS:
            if t.dari == current and t.ke not in seen:
                seen.add(t.ke)
                frontier.append(t.ke)
    return frozenset(seen)


def is_allowed_path(path: Iterable[StatusUsul]) -> bool:
    """True when each consecutive pair of ``path`` is one transition of the machine."""
    states = list(path)
    pairs = {(t.dari, t.ke) for t in TRANSITIONS}
    return all((a, b) in pairs for a, b in itertools.pairwise(states))
