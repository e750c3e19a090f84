"""The PyInstaller spec, the Inno Setup script and the Linux files agree with each other and
with the application (names, version source, paths, the data folder that must survive)."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

import mutasi_desktop
from mutasi_desktop.db import migrate

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "mutasi.spec"
ISS = PACKAGING / "windows" / "mutasi.iss"
DESKTOP = PACKAGING / "linux" / "mutasi.desktop"


def _load(name: str) -> ModuleType:
    # packaging/ is not a package (it would shadow the `packaging` library): load files by path.
    spec = importlib.util.spec_from_file_location(f"_mutasi_packaging_{name}", PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bundle_info() -> ModuleType:
    return _load("bundle_info")


@pytest.fixture(scope="module")
def iss_defines() -> dict[str, str]:
    text = ISS.read_text(encoding="utf-8")
    return dict(re.findall(r'^#define (\w+) "([^"]*)"', text, flags=re.MULTILINE))


def _ini_value(path: Path, section: str, key: str) -> str:
    """What Inno Setup's ReadIni (GetPrivateProfileString) returns: the first ``key=`` line of
    ``[section]``, trimmed, with one pair of surrounding quotes removed."""
    current = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            continue
        if current == section and "=" in line:
            name, _, value = line.partition("=")
            if name.strip().lower() == key.lower():
                value = value.strip()
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                    value = value[1:-1]
                return value
    return ""


def test_name_and_version_come_from_pyproject(bundle_info: ModuleType) -> None:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        project = tomllib.load(fh)["project"]
    info = bundle_info.read_bundle_info()
    assert info.version == project["version"]
    assert info.dist_name == project["name"]
    assert (info.app_name, info.app_id) == (mutasi_desktop.APP_NAME, mutasi_desktop.APP_ID)
    assert "read_bundle_info" in SPEC.read_text(encoding="utf-8")


def test_iss_reads_the_same_version_as_the_spec(bundle_info: ModuleType) -> None:
    text = ISS.read_text(encoding="utf-8")
    match = re.search(r'ReadIni\(AddBackslash\(SourcePath\) \+ "([^"]+)", "(\w+)", "(\w+)"', text)
    assert match is not None, "the .iss must read the version from pyproject.toml"
    relative, section, key = match.groups()
    pyproject = (ISS.parent / relative.replace("\\", "/")).resolve()
    assert pyproject == ROOT / "pyproject.toml"
    assert _ini_value(pyproject, section, key) == bundle_info.read_bundle_info().version


def test_iss_names_and_paths_match_the_spec(bundle_info: ModuleType, iss_defines: dict[str, str]) -> None:
    info = bundle_info.read_bundle_info()
    assert iss_defines["AppName"] == info.app_name
    # The bundle folder is dist\<AppId> in the .iss and COLLECT(name=INFO.bundle_dir_name) in the spec.
    assert iss_defines["AppId"] == info.bundle_dir_name
    assert "name=INFO.bundle_dir_name" in SPEC.read_text(encoding="utf-8")
    assert iss_defines["GuiExe"] == bundle_info.exe_file(bundle_info.GUI_EXE_WINDOWS, "Windows")
    assert iss_defines["CliExe"] == bundle_info.exe_file(bundle_info.CLI_EXE, "Windows")
    assert bundle_info.exe_names("Windows") == (bundle_info.CLI_EXE, bundle_info.GUI_EXE_WINDOWS)
    text = ISS.read_text(encoding="utf-8")
    assert re.search(r'#define DistDir AddBackslash\(SourcePath\) \+ "\.\.\\\.\.\\dist"', text)
    assert "#define BundleDir AddBackslash(DistDir) + AppId" in text
    assert 'Source: "{#BundleDir}\\*"' in text
    icon = re.search(r"^SetupIconFile=(.+)$", text, flags=re.MULTILINE)
    assert icon is not None
    assert (ISS.parent / icon.group(1).strip().replace("\\", "/")).resolve() == ROOT / "resources/icons/mutasi.ico"
    assert (ROOT / "resources/icons/mutasi.ico").is_file()


def test_iss_keeps_the_users_data_folder(iss_defines: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs.windows import Windows

    # The data folder the app uses on Windows (paths.py: PlatformDirs(APP_ID, appauthor=False, roaming=False)).
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", r"C:\Users\juru\AppData\Local")
    app_dir = Windows(appname=mutasi_desktop.APP_ID, appauthor=False, roaming=False).user_data_dir
    assert app_dir.replace("/", "\\") == r"C:\Users\juru\AppData\Local" + "\\" + mutasi_desktop.APP_ID
    assert iss_defines["DataFolder"] == "{localappdata}\\" + mutasi_desktop.APP_ID

    text = ISS.read_text(encoding="utf-8")
    # Every deletion the installer or uninstaller makes is inside the installation folder.
    deletions = re.findall(r"^Type: \w+; Name: \"([^\"]+)\"", text, flags=re.MULTILINE)
    assert deletions and all(name.startswith("{app}\\") for name in deletions)
    assert not re.search(r"DelTree|DeleteFile|RemoveDir", text, flags=re.IGNORECASE)
    # ... and the uninstaller tells the clerk that the data was kept, and where.
    assert "TIDAK dihapus" in text
    assert "usPostUninstall" in text and "DataFolder()" in text
    # Upgrades: same AppId GUID, previous folder reused, the previous bundle replaced.
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", text, flags=re.MULTILINE)
    assert "UsePreviousAppDir=yes" in text
    assert "PrivilegesRequiredOverridesAllowed=dialog" in text  # per-user or all-users install


def test_iss_is_in_indonesian_with_shortcuts() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert 'Name: "id"; MessagesFile:' in text
    assert "Indonesian.isl" in text
    assert re.search(r'^Name: "\{autoprograms\}\\\{#AppName\}"', text, flags=re.MULTILINE)
    assert re.search(r'^Name: "\{autodesktop\}\\\{#AppName\}".*Tasks: desktopicon', text, flags=re.MULTILINE)
    custom = re.findall(r"^id\.\w+=(.+)$", text, flags=re.MULTILINE)
    assert custom and all(" the " not in line.lower() for line in custom)


def test_spec_puts_migrations_where_migrate_looks_for_them() -> None:
    package_root = Path(mutasi_desktop.__file__).resolve().parent.parent
    expected = migrate.MIGRATIONS_DIR.resolve().relative_to(package_root).as_posix()
    assert expected == "mutasi_desktop/db/migrations"
    text = SPEC.read_text(encoding="utf-8")
    assert f'"{expected}", ("*.py", "*.mako")' in text
    assert '_tree(ROOT / "resources", "resources"' in text
    assert (migrate.MIGRATIONS_DIR / "script.py.mako").is_file()
    assert list((migrate.MIGRATIONS_DIR / "versions").glob("*.py"))


def test_qt_exclusions_keep_what_features_use(bundle_info: ModuleType) -> None:
    excluded, kept = set(bundle_info.QT_EXCLUDES), set(bundle_info.QT_KEEP)
    assert not excluded & kept
    assert {"QtCharts", "QtPdf", "QtPdfWidgets", "QtPrintSupport", "QtSvg", "QtWidgets"} <= kept
    assert {"QtWebEngineCore", "Qt3DCore", "QtQuick", "QtQml", "QtMultimedia", "QtBluetooth", "QtSql",
            "QtTest", "QtDesigner"} <= excluded
    # No module of the application imports an excluded Qt module.
    used = set()
    for path in (ROOT / "mutasi_desktop").rglob("*.py"):
        used.update(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert not used & excluded, f"excluded Qt modules are used: {sorted(used & excluded)}"


def test_linux_desktop_file_and_archive_name(bundle_info: ModuleType) -> None:
    info = bundle_info.read_bundle_info()
    entries = dict(
        line.split("=", 1) for line in DESKTOP.read_text(encoding="utf-8").splitlines() if "=" in line
        and not line.startswith("#")
    )
    assert entries["Name"] == info.app_name
    assert entries["Type"] == "Application"
    assert entries["Exec"] == f'"/opt/{info.bundle_dir_name}/{bundle_info.CLI_EXE}" gui'
    assert entries["Icon"].endswith("/mutasi.png")
    assert "Office" in entries["Categories"].split(";")
    assert info.archive_name("Linux", "x86_64") == f"{info.app_id}-{info.version}-linux-x86_64"


def test_icons_are_generated_from_the_svg() -> None:
    icons = ROOT / "resources" / "icons"
    assert (icons / "mutasi.svg").is_file()
    assert (PACKAGING / "make_icons.py").is_file()
    png = (icons / "mutasi.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (256, 256)
    ico = (icons / "mutasi.ico").read_bytes()
    count = int.from_bytes(ico[4:6], "little")
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}  # width byte; 0 means 256
    assert {16, 32, 48, 256} <= sizes


def test_launcher_opens_the_app_without_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    launcher = _load("launcher")
    calls: list[list[str]] = []
    monkeypatch.setattr("mutasi_desktop.cli.main.main", lambda argv: calls.append(list(argv)) or 0)
    monkeypatch.setattr(sys, "argv", ["MutasiDesktop.exe"])
    assert launcher.run() == 0
    monkeypatch.setattr(sys, "argv", ["mutasi", "self-test", "--tanpa-gui"])
    assert launcher.run() == 0
    assert calls == [["gui"], ["self-test", "--tanpa-gui"]]


def test_spec_is_valid_python_using_the_shared_lists() -> None:
    import ast

    text = SPEC.read_text(encoding="utf-8")
    ast.parse(text, filename=str(SPEC))
    assert "bundle_info.QT_EXCLUDES" in text and "bundle_info.PYTHON_EXCLUDES" in text
    assert "bundle_info.QT_KEEP" in text
    assert re.search(r"console=True", text) and re.search(r"console=False", text)


def test_linux_archive_holds_the_bundle_and_its_install_files(tmp_path: Path, bundle_info: ModuleType) -> None:
    import tarfile

    build_bundle = _load("build_bundle")
    info = bundle_info.read_bundle_info()
    bundle = tmp_path / info.bundle_dir_name
    (bundle / "_internal").mkdir(parents=True)
    (bundle / bundle_info.CLI_EXE).write_text("#!/bin/sh\n", encoding="utf-8")

    archive = build_bundle.make_linux_archive(bundle, tmp_path)

    assert archive.name.startswith(f"{info.app_id}-{info.version}-linux-") and archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        members = {m.name: m for m in tar.getmembers()}
        folder = info.bundle_dir_name
        for name in ("PASANG.txt", "pasang-pintasan.sh", "mutasi.desktop", "mutasi.png", bundle_info.CLI_EXE):
            assert f"{folder}/{name}" in members, name
        assert members[f"{folder}/pasang-pintasan.sh"].mode & 0o111
        note = tar.extractfile(f"{folder}/PASANG.txt").read().decode("utf-8")  # type: ignore[union-attr]
        script = tar.extractfile(f"{folder}/pasang-pintasan.sh").read().decode("utf-8")  # type: ignore[union-attr]
    assert archive.name in note and f".local/share/{info.app_id}" in note  # where the data stays
    assert f'"$HERE/{bundle_info.CLI_EXE}\\" gui' in script and "mutasi.desktop" in script
