"""Start-up stays light: the main window with its first page does not load heavy libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CHILD = """
import json, os, sys
from mutasi_desktop.db.engine import Database
from mutasi_desktop.domain.roles import SYSTEM
from mutasi_desktop.ui.app import make_application
from mutasi_desktop.ui.app_context import AppContext
from mutasi_desktop.ui.main_window import MainWindow
from mutasi_desktop.ui.tasks import TaskRunner
app = make_application()
ctx = AppContext(db=Database(sys.argv[1]), actor=SYSTEM, tasks=TaskRunner(app))
window = MainWindow(ctx)
window.show()
for _ in range(20):
    app.processEvents()
    ctx.tasks.wait_idle()
heavy = ["reportlab", "openpyxl", "python_calamine", "scipy", "docx", "pypdf", "faker"]
print(json.dumps({"loaded": [m for m in heavy if m in sys.modules], "page": type(window.current_page()).__name__}))
"""


def test_main_window_does_not_import_heavy_libraries(demo_db_path: Path, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MUTASI_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", CHILD, f"sqlite:///{demo_db_path}"], env=env, capture_output=True,
                         text=True, timeout=120, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["page"] == "BerandaPage"
    assert result["loaded"] == []


def test_opening_analisis_kebutuhan_does_not_load_scipy(demo_db_path: Path, tmp_path: Path) -> None:
    # scipy.optimize takes ~0.6 s to import: loaded with the page it froze the window on first open,
    # although only the placement planner (run on request, in the background) needs it.
    child = CHILD.replace('window.show()', 'window.show()\nwindow.navigate("kebutuhan")')
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MUTASI_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", child, f"sqlite:///{demo_db_path}"], env=env, capture_output=True,
                         text=True, timeout=120, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["page"] == "KebutuhanPage"
    assert "scipy" not in result["loaded"]
