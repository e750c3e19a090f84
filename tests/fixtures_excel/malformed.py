"""Broken and awkward spreadsheet files, generated at run time."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from openpyxl import Workbook

HEADER = ["NIP", "NAMA", "TANGGAL LAHIR", "GOLONGAN"]
ROW = ["199001012015031001", "Contoh Pegawai", "01-01-1990", "III/b"]


def renamed_text(path: Path) -> Path:
    path.write_text("Ini catatan biasa, bukan spreadsheet.\nBaris kedua.\n", encoding="utf-8")
    return path


def truncated_xlsx(path: Path) -> Path:
    good = path.with_name("utuh_" + path.name)
    wb = Workbook()
    wb.active.append(HEADER)
    for _ in range(200):
        wb.active.append(ROW)
    wb.save(good)
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file holding ``streams`` (each >= 4096 bytes, so no mini stream):
    the container an encrypted (password-protected) .xlsx really is."""
    sector = 512
    names = list(streams)
    payload_sectors: list[list[int]] = []
    next_sector = 2  # 0 = FAT, 1 = directory
    for name in names:
        count = -(-len(streams[name]) // sector)
        payload_sectors.append(list(range(next_sector, next_sector + count)))
        next_sector += count
    fat = [0xFFFFFFFD, 0xFFFFFFFE]
    for sectors in payload_sectors:
        fat += [s + 1 for s in sectors[:-1]] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 40, 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    struct.pack_into("<I", header, 68, 0)  # no DIFAT sectors
    struct.pack_into("<I", header, 72, 0)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0] = FAT in sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        e = bytearray(128)
        e[0 : len(raw)] = raw
        struct.pack_into("<HBBIII", e, 64, len(raw), kind, 1, left, right, child)
        struct.pack_into("<II", e, 116, start, size)
        return bytes(e)

    none = 0xFFFFFFFF
    directory = entry("Root Entry", 5, none, none, 1, 0xFFFFFFFE, 0)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else none
        directory += entry(name, 2, none, right, none, payload_sectors[i][0], len(streams[name]))
    directory += b"\x00" * (sector - len(directory))
    body = b"".join(streams[n] + b"\x00" * (-len(streams[n]) % sector) for n in names)
    return bytes(header) + struct.pack("<128I", *fat) + directory + body


def password_protected(path: Path) -> Path:
    path.write_bytes(_cfb({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\x00" * 4092,
                           "EncryptedPackage": b"\x11" * 8192}))
    return path


def empty_sheet(path: Path) -> Path:
    Workbook().save(path)
    return path


def huge_cell(path: Path) -> Path:
    """A 1 MB cell. openpyxl truncates to Excel's 32,767 characters, so the XML is patched."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(ROW)
    ws.append(["199001012015031002", "PLACEHOLDER_BESAR", "01-01-1990", "III/b"])
    tmp = path.with_name("tmp_" + path.name)
    wb.save(tmp)
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, data.replace(b"PLACEHOLDER_BESAR", b"X" * 1_048_576))
    tmp.unlink()
    return path


def huge_cell_csv(path: Path) -> Path:
    path.write_text(",".join(HEADER) + "\n" + ",".join(ROW) + "\n" + "199001012015031002," + "X" * 1_048_576
                    + ",01-01-1990,III/b\n", encoding="utf-8")
    return path


def formulas_without_values(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(['=TEXT(199001012015031001,"0")', "Contoh Pegawai", "01-01-1990", "III/b"])
    wb.save(path)  # openpyxl stores the formula only; no program computed its value
    return path


def merged_header(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["NIP", "NAMA", "", "TANGGAL LAHIR", "GOLONGAN"])
    ws.merge_cells("B1:C1")
    ws.append(["199001012015031001", "Contoh", "Pegawai", "01-01-1990", "III/b"])
    wb.save(path)
    return path
