"""Crash torture (slow, still run in CI): 100 SIGKILLs of a writer, nothing half-written."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "crash_torture.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crash_torture", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["crash_torture"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")
def test_sigkill_during_writes_never_leaves_half_a_batch(db_path: Path) -> None:
    torture = load_bench()
    stats = torture.run_torture(db_path, kills=100, batch_size=20, seed=2025, min_delay=0.02, max_delay=0.35)
    print(f"\ncrash torture: {stats}")
    assert stats.kills == 100
    assert stats.integrity_checks_passed == 100
    assert stats.partial_batches == 0 and stats.orphan_audit_events == 0
    assert stats.chain_ok
    # The kills really hit a writer: some batches committed, many kills came with a batch in flight.
    assert stats.batches_committed >= 20
    assert stats.killed_with_writes_in_flight >= 50
