"""Facts about the bundle shared by the PyInstaller spec, the build script and the tests.

Name and version come from ``pyproject.toml`` (one source of truth); the display name and the
folder/executable names come from ``mutasi_desktop/__init__.py`` (read with ``ast`` so that
building does not import the application). The Inno Setup script repeats a few of these names;
``tests/unit/test_packaging_spec.py`` keeps it in agreement.

This file is loaded by path (``packaging/`` is not a Python package: it would shadow the
``packaging`` library that pip and PyInstaller need).
"""

from __future__ import annotations

import ast
import platform
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Executables inside the bundle folder. ``mutasi`` is the console program (the CLI, ``mutasi
# self-test``; started without arguments it opens the app). On Windows a second, windowed
# executable is what the shortcuts start, so no console window flashes up behind the app.
CLI_EXE = "mutasi"
GUI_EXE_WINDOWS = "MutasiDesktop"

# Qt modules the application never uses. PyInstaller only collects what is imported, but a
# hook or a stray ``import`` would otherwise drag in the largest libraries of Qt (WebEngine
# alone is > 150 MB). Kept on purpose: QtCore/Gui/Widgets, QtCharts (dashboard), QtPdf and
# QtPdfWidgets (PDF preview), QtPrintSupport (printing), QtSvg (icons), QtNetwork (needed by
# QtGui's platform plugins on some systems), QtDBus (Linux desktop integration), QtOpenGL and
# QtOpenGLWidgets (QtCharts links them).
QT_EXCLUDES: tuple[str, ...] = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAsyncio", "QtBluetooth", "QtCanvasPainter", "QtConcurrent", "QtDataVisualization",
    "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation",
    "QtMultimedia", "QtMultimediaWidgets", "QtNetworkAuth", "QtNfc", "QtPositioning",
    "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets",
    "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio",
    "QtSql", "QtStateMachine", "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools",
    "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets",
    "QtWebView", "QtXml",
)  # fmt: skip
QT_KEEP: tuple[str, ...] = (
    "QtCore", "QtGui", "QtWidgets", "QtCharts", "QtPdf", "QtPdfWidgets", "QtPrintSupport", "QtSvg",
)  # fmt: skip

# Python packages that are development tools, never used by the installed app.
PYTHON_EXCLUDES: tuple[str, ...] = (
    "tkinter", "_tkinter", "pytest", "_pytest", "pytestqt", "hypothesis", "mypy", "ruff", "importlinter",
    "IPython", "matplotlib", "pydoc_data", "PyInstaller", "setuptools", "pip",
)  # fmt: skip


@dataclass(frozen=True)
class BundleInfo:
    dist_name: str  # "mutasi-desktop" (pyproject [project].name)
    version: str  # pyproject [project].version
    app_name: str  # "Mutasi Desktop" (mutasi_desktop.APP_NAME)
    app_id: str  # "MutasiDesktop" (mutasi_desktop.APP_ID): bundle folder, data folder name

    @property
    def bundle_dir_name(self) -> str:
        """The one-folder bundle: ``dist/<app_id>/``."""
        return self.app_id

    def archive_name(self, system: str | None = None, machine: str | None = None) -> str:
        """``MutasiDesktop-0.1.0-linux-x86_64`` (without extension)."""
        system = (system or platform.system()).lower()
        machine = (machine or platform.machine()).lower().replace("amd64", "x86_64")
        return f"{self.app_id}-{self.version}-{system}-{machine}"


def _string_constants(path: Path) -> dict[str, str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            found[node.targets[0].id] = node.value.value
    return found


def read_bundle_info(root: Path = ROOT) -> BundleInfo:
    with (root / "pyproject.toml").open("rb") as fh:
        project = tomllib.load(fh)["project"]
    constants = _string_constants(root / "mutasi_desktop" / "__init__.py")
    return BundleInfo(
        dist_name=str(project["name"]),
        version=str(project["version"]),
        app_name=constants["APP_NAME"],
        app_id=constants["APP_ID"],
    )


def exe_names(system: str | None = None) -> tuple[str, ...]:
    """Executables the spec makes on ``system`` (``platform.system()`` by default)."""
    if (system or platform.system()) == "Windows":
        return (CLI_EXE, GUI_EXE_WINDOWS)
    return (CLI_EXE,)


def exe_file(name: str, system: str | None = None) -> str:
    return f"{name}.exe" if (system or platform.system()) == "Windows" else name


if __name__ == "__main__":  # pragma: no cover - a quick look: python packaging/bundle_info.py
    info = read_bundle_info()
    sys.stdout.write(f"{info}\narchive: {info.archive_name()}\n")
