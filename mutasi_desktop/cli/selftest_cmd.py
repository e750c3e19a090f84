"""``mutasi self-test``: check that this installation works, in a temporary folder.

The steps are in :mod:`mutasi_desktop.services.self_test`; this command adds the last one, the
main window created offscreen with every page opened (the services layer may not import the
UI), and prints each step as it finishes.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from mutasi_desktop import APP_NAME, __version__
from mutasi_desktop.cli.common import common_parent
from mutasi_desktop.cli.output import EXIT_ERROR, EXIT_INVALID, EXIT_OK, error
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.services.self_test import (
    SelfTestContext,
    SelfTestFailure,
    SelfTestStep,
    StepResult,
    run_self_test,
)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "self-test",
        parents=[common_parent()],
        help="uji mandiri instalasi (folder sementara, data sintetis; data Anda tidak disentuh)",
    )
    p.add_argument("--pegawai", type=int, default=200, help="jumlah pegawai data contoh (bawaan 200)")
    p.add_argument("--seed", type=int, default=1, help="benih acak data contoh (bawaan 1)")
    p.add_argument("--tanpa-gui", action="store_true", help="lewati uji jendela utama")
    p.set_defaults(func=cmd_self_test)


def _needs_offscreen() -> bool:
    """No display to draw on (a server, CI, an SSH session): Qt must render offscreen."""
    if sys.platform in ("win32", "darwin"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_main_window(ctx: SelfTestContext) -> str:
    """Create the main window on the self-test database and open every page once.

    Pages are imported by name when first opened, so this is what finds a page module that a
    bundle left out; a page that fails to load is a failure here (the window itself would only
    show an error panel).
    """
    if _needs_offscreen():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from mutasi_desktop.ui.app import build_main_window, make_application
    from mutasi_desktop.ui.app_context import AppContext
    from mutasi_desktop.ui.main_window import load_factory
    from mutasi_desktop.ui.navigation import PAGES
    from mutasi_desktop.ui.placeholder_page import PageErrorPage, UnavailablePage
    from mutasi_desktop.ui.tasks import TaskRunner

    app = make_application([sys.argv[0] if sys.argv else "mutasi"])
    tasks = TaskRunner(app)
    window: Any = build_main_window(AppContext(db=ctx.database(), actor=SYSTEM, tasks=tasks))
    opened = unavailable = 0
    try:
        window.show()
        app.processEvents()
        for spec in PAGES:
            if spec.factory_path is not None:
                load_factory(spec.factory_path)  # an import error surfaces here with its message
            window.navigate(spec.key)
            app.processEvents()
            page = window.page(spec.key)
            if isinstance(page, PageErrorPage):
                raise SelfTestFailure(f"halaman '{spec.title}' gagal dibuat (lihat log aplikasi)")
            if isinstance(page, UnavailablePage):
                unavailable += 1
            else:
                opened += 1
        platform = app.platformName()
    finally:
        tasks.shutdown()
        window.close()
        window.deleteLater()
        app.processEvents()
    note = f", {unavailable} belum tersedia" if unavailable else ""
    return f"platform Qt '{platform}', {opened} halaman dibuka{note}"


def _marks() -> tuple[str, str]:
    """✓/✗ where the console can print them (a redirected Windows console may not)."""
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "✓✗→".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return "OK", "GAGAL"
    return "✓", "✗"


def cmd_self_test(args: argparse.Namespace) -> int:
    if args.pegawai < 10:
        error("--pegawai minimal 10.")
        return EXIT_ERROR
    ok_mark, fail_mark = _marks()
    extra = [] if args.tanpa_gui else [SelfTestStep("Jendela utama (semua halaman)", open_main_window)]
    print(f"Uji mandiri {APP_NAME} {__version__} — di folder sementara dengan data sintetis.", flush=True)

    def show(result: StepResult) -> None:
        mark = ok_mark if result.ok else fail_mark
        text = result.detail if result.ok else f"GAGAL: {result.error}"
        line = f"  {mark} {result.name:<52} {result.seconds:6.2f} dtk  {text}"
        if not result.ok:
            # Keep the console's encoding happy for the detail too (paths, names).
            encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
            line = line.encode(encoding, errors="replace").decode(encoding)
        print(line, flush=True)

    report = run_self_test(pegawai=args.pegawai, seed=args.seed, extra_steps=extra, on_step=show)
    if report.ok:
        print(f"Semua {len(report.steps)} langkah berhasil dalam {report.seconds:.1f} detik.")
        return EXIT_OK
    failed = report.failed
    name = failed.name if failed is not None else "?"
    error(f"uji mandiri gagal pada langkah '{name}'.")
    return EXIT_INVALID
