"""Time `mutasi demo` for N pegawai and report the database size.

Usage: python bench/bench_demo.py [--pegawai 100000] [--seed 2025]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pegawai", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mutasi_desktop", "demo", "--db", str(db), "--pegawai",
                        str(args.pegawai), "--seed", str(args.seed), "--quiet"], check=True)
        elapsed = time.perf_counter() - started
        size = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*"))
    print(f"demo pegawai={args.pegawai}: {elapsed:.1f} s (target < 60 s), database {size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
