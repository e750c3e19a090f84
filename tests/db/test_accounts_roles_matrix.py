"""Every security service call tried by every role: allowed or refused exactly as ROLE_PERMISSIONS says.

The check is in the services, so a button the UI forgot to hide still cannot do harm.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.password_policy import PasswordPolicy
from mutasi_desktop.domain.roles import ROLE_PERMISSIONS, Actor, AksesDitolak, Izin, Peran
from mutasi_desktop.services import accounts_service as acc
from mutasi_desktop.services import audit_service, backup_service
from mutasi_desktop.services.backup_service import BackupSettings
from tests.db.security_helpers import USER_PASSWORD, setup_office, use_fast_hasher

Call = Callable[[Database, Actor, Path, int], Any]

CALLS: list[tuple[str, frozenset[Izin], Call]] = [
    ("list_users", frozenset({Izin.KELOLA_PENGGUNA}), lambda db, a, tmp, uid: acc.list_users(db, a)),
    ("create_user", frozenset({Izin.KELOLA_PENGGUNA}), lambda db, a, tmp, uid: acc.create_user(
        db, a, username="baru", nama="Baru", password=USER_PASSWORD, peran={Peran.PEMBACA})),
    ("update_user", frozenset({Izin.KELOLA_PENGGUNA}), lambda db, a, tmp, uid: acc.update_user(
        db, a, uid, nama="Target", peran={Peran.PEMBACA}, aktif=True)),
    ("reset_password", frozenset({Izin.KELOLA_PENGGUNA}),
     lambda db, a, tmp, uid: acc.reset_password(db, a, uid, "Sementara-12345")),
    ("unlock_user", frozenset({Izin.KELOLA_PENGGUNA}), lambda db, a, tmp, uid: acc.unlock_user(db, a, uid)),
    ("set_policy", frozenset({Izin.KELOLA_PENGATURAN}),
     lambda db, a, tmp, uid: acc.set_policy(db, a, PasswordPolicy())),
    ("list_entries", frozenset({Izin.LIHAT_AUDIT}), lambda db, a, tmp, uid: audit_service.list_entries(db, a)),
    ("count_entries", frozenset({Izin.LIHAT_AUDIT}), lambda db, a, tmp, uid: audit_service.count_entries(db, a)),
    ("filter_choices", frozenset({Izin.LIHAT_AUDIT}),
     lambda db, a, tmp, uid: audit_service.filter_choices(db, a)),
    ("verify_chain", frozenset({Izin.LIHAT_AUDIT}), lambda db, a, tmp, uid: audit_service.verify_chain(db, a)),
    ("export_xlsx", frozenset({Izin.LIHAT_AUDIT, Izin.EKSPOR}),
     lambda db, a, tmp, uid: audit_service.export_xlsx(db, a, None, tmp / "audit.xlsx")),
    ("create_backup", frozenset({Izin.CADANGKAN}),
     lambda db, a, tmp, uid: backup_service.create_backup(db, a, tmp / "c.db")),
    ("set_backup_settings", frozenset({Izin.CADANGKAN}),
     lambda db, a, tmp, uid: backup_service.set_backup_settings(db, a, BackupSettings(True, "", 7))),
    ("restore_backup", frozenset({Izin.PULIHKAN}),
     lambda db, a, tmp, uid: backup_service.restore_backup(db, a, tmp / "tidak-ada.db")),
]


@pytest.mark.parametrize("peran", list(Peran), ids=lambda p: p.value)
@pytest.mark.parametrize(("name", "needs", "call"), CALLS, ids=[c[0] for c in CALLS])
def test_role_matrix(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, peran: Peran, name: str,
                     needs: frozenset[Izin], call: Call) -> None:
    use_fast_hasher(monkeypatch)
    admin = setup_office(db)
    target = acc.create_user(db, admin, username="target", nama="Target", password=USER_PASSWORD,
                             peran={Peran.OPERATOR})
    actor = Actor(username=f"uji-{peran.value.lower()}", nama="Uji", peran=frozenset({peran}), user_id=999)
    allowed = needs <= ROLE_PERMISSIONS[peran]
    if allowed:
        try:
            call(db, actor, tmp_path, target.id)
        except AksesDitolak as exc:  # pragma: no cover - the failure message says it all
            pytest.fail(f"{peran.value} seharusnya boleh {name}: {exc}")
        except DomainError:
            pass  # allowed, refused for another reason (e.g. a missing file): not a permission problem
    else:
        with pytest.raises(AksesDitolak):
            call(db, actor, tmp_path, target.id)


def test_matrix_covers_expected_shape() -> None:
    # Only the Administrator manages users, settings, backups and reads the audit trail.
    for needs in ({Izin.KELOLA_PENGGUNA}, {Izin.CADANGKAN}, {Izin.PULIHKAN}, {Izin.LIHAT_AUDIT}):
        assert [p for p in Peran if needs <= ROLE_PERMISSIONS[p]] == [Peran.ADMINISTRATOR]
