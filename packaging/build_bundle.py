"""Build Mutasi Desktop for the machine this runs on.

    .venv/bin/python packaging/build_bundle.py [--dist DIR] [--work DIR] [--self-test]

1. PyInstaller builds the one-folder bundle ``<dist>/MutasiDesktop/`` from ``packaging/mutasi.spec``
   (the work folder is wiped first: every build starts clean).
2. Linux: ``<dist>/MutasiDesktop-<version>-linux-<machine>.tar.gz`` with the bundle, the .desktop
   file, the icon and an install note in Indonesian.
   Windows: when Inno Setup 6 (``iscc``) is installed, ``<dist>/MutasiDesktop-<version>-setup.exe``.
3. Prints the build time and the size of the bundle (and of the archive or installer).

``--self-test`` then runs ``<bundle>/mutasi self-test`` (offscreen when there is no display).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bundle_info  # noqa: E402

ROOT = bundle_info.ROOT
SPEC = HERE / "mutasi.spec"
DESKTOP_FILE = HERE / "linux" / "mutasi.desktop"
ICON_PNG = ROOT / "resources" / "icons" / "mutasi.png"
ISS = HERE / "windows" / "mutasi.iss"

INSTALL_NOTE = """\
{title}
{underline}

Memasang (untuk semua pengguna komputer ini):

    sudo tar -xzf {archive} -C /opt
    sudo /opt/{folder}/pasang-pintasan.sh

Memasang hanya untuk Anda (tanpa sudo):

    mkdir -p ~/.local/opt && tar -xzf {archive} -C ~/.local/opt
    ~/.local/opt/{folder}/pasang-pintasan.sh

Aplikasi lalu muncul di menu aplikasi sebagai "{app_name}". Dari terminal:

    {folder}/mutasi            membuka aplikasi
    {folder}/mutasi self-test  menguji instalasi (folder sementara, data sintetis)

Data Anda (basis data, cadangan, lampiran) disimpan di ~/.local/share/{app_id}, bukan di folder
aplikasi. Memperbarui: hapus folder aplikasi yang lama, lalu ekstrak versi baru di tempat yang
sama; data tetap ada. Basis data dari versi lama dicadangkan dulu lalu diperbarui otomatis saat
aplikasi pertama kali dibuka.

Butuh pustaka sistem untuk tampilan Qt (biasanya sudah ada di desktop Linux): libxcb-cursor0,
libxcb-icccm4, libxcb-keysyms1, libxkbcommon-x11-0, libegl1, libfontconfig1 (X11) atau
libwayland-client0, libwayland-cursor0, libwayland-egl1 (Wayland).
"""

SHORTCUT_SCRIPT = """\
#!/bin/sh
# Installs the menu entry of Mutasi Desktop for the folder this script sits in.
# As root: for every user (/usr/share/applications); otherwise for you (~/.local/share/applications).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" = "0" ]; then
    TARGET=/usr/share/applications
else
    TARGET="${{XDG_DATA_HOME:-$HOME/.local/share}}/applications"
fi
mkdir -p "$TARGET"
sed -e "s|^Exec=.*|Exec=\\"$HERE/{cli}\\" gui|" -e "s|^Icon=.*|Icon=$HERE/mutasi.png|" \\
    -e "s|^TryExec=.*|TryExec=$HERE/{cli}|" "$HERE/{desktop}" > "$TARGET/{desktop}"
chmod 644 "$TARGET/{desktop}"
echo "Pintasan dipasang: $TARGET/{desktop}"
"""


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def run_pyinstaller(dist: Path, work: Path) -> Path:
    shutil.rmtree(work, ignore_errors=True)
    info = bundle_info.read_bundle_info()
    bundle = dist / info.bundle_dir_name
    shutil.rmtree(bundle, ignore_errors=True)
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    subprocess.run(cmd, check=True, cwd=ROOT)
    return bundle


def make_linux_archive(bundle: Path, dist: Path) -> Path:
    info = bundle_info.read_bundle_info()
    folder = bundle.name
    archive = dist / f"{info.archive_name()}.tar.gz"
    cli = bundle_info.exe_file(bundle_info.CLI_EXE)
    title = f"{info.app_name} {info.version} untuk Linux ({platform.machine()})"
    extras = {
        DESKTOP_FILE.name: (DESKTOP_FILE.read_text(encoding="utf-8"), 0o644),
        "PASANG.txt": (INSTALL_NOTE.format(title=title, underline="=" * len(title), app_name=info.app_name,
                                           app_id=info.app_id, archive=archive.name, folder=folder), 0o644),
        "pasang-pintasan.sh": (SHORTCUT_SCRIPT.format(cli=cli, desktop=DESKTOP_FILE.name), 0o755),
    }
    for name, (content, mode) in extras.items():
        target = bundle / name
        target.write_text(content, encoding="utf-8")
        target.chmod(mode)
    shutil.copy2(ICON_PNG, bundle / "mutasi.png")
    archive.unlink(missing_ok=True)
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=folder)
    return archive


def find_iscc() -> str | None:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").is_file():
            return str(Path(base) / "Inno Setup 6" / "ISCC.exe")
    return None


def make_windows_installer(dist: Path) -> Path | None:
    iscc = find_iscc()
    if iscc is None:
        print("Inno Setup 6 (iscc) tidak ditemukan: hanya folder bundel yang dibuat.")
        return None
    info = bundle_info.read_bundle_info()
    subprocess.run([iscc, f"/DAppVersion={info.version}", f"/DDistDir={dist}", f"/O{dist}", str(ISS)], check=True)
    return dist / f"{info.app_id}-{info.version}-setup.exe"


def run_self_test(bundle: Path) -> int:
    env = dict(os.environ)
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    exe = bundle / bundle_info.exe_file(bundle_info.CLI_EXE)
    return subprocess.run([str(exe), "self-test"], env=env, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Mutasi Desktop bundle for this machine.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller work folder (default: build/)")
    parser.add_argument("--no-archive", action="store_true", help="only the bundle folder, no tar.gz/installer")
    parser.add_argument("--self-test", action="store_true", help="run the bundle's self-test afterwards")
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()

    started = time.perf_counter()
    bundle = run_pyinstaller(dist, work)
    built = time.perf_counter() - started
    print(f"Bundle: {bundle}")
    print(f"  build time : {built:.0f} s")
    print(f"  bundle size: {mib(folder_size(bundle))} ({sum(1 for _ in bundle.rglob('*'))} files)")
    if not args.no_archive:
        if sys.platform.startswith("linux"):
            archive = make_linux_archive(bundle, dist)
            print(f"  archive    : {archive.name} {mib(archive.stat().st_size)}")
        elif sys.platform == "win32":
            installer = make_windows_installer(dist)
            if installer is not None and installer.exists():
                print(f"  installer  : {installer.name} {mib(installer.stat().st_size)}")
    if args.self_test:
        code = run_self_test(bundle)
        if code != 0:
            print(f"Self-test of the bundle FAILED (exit {code}).", file=sys.stderr)
            return code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
