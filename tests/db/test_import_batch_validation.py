"""The column-wise validation of the pegawai import gives, row for row, exactly what the
row-by-row validation it replaced gave (kept here as the oracle), on a file with every defect
the import knows and on randomly spoilt cells."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from mutasi_desktop.domain.nip import cross_check_nip
from mutasi_desktop.services.import_common import PERINGATAN, ImportIssue, open_layout
from mutasi_desktop.services.import_pegawai import PEGAWAI_IMPORT_FIELDS, _clean_value, _RowValidator
from tests.db.test_import_pegawai import _defective_siasn
from tests.fixtures_excel.siasn import SIASN_COLUMNS_65, siasn_rows, write_siasn_xlsx

TODAY = date(2025, 6, 1)


def _clean(v: _RowValidator, number: int, issues: list[ImportIssue], raw: Mapping[str, object], item: Any) -> Any:
    value = raw.get(item[0])
    if value is None or value == "":
        return None
    hit = _clean_value(item[3], value, item[5])
    if hit[0]:
        return hit[1]
    issues.append(ImportIssue(number, v.labels.get(item[0], item[0]), hit[1]))
    return None


def _row_by_row(v: _RowValidator, number: int, raw: Mapping[str, object]) -> tuple[Any, Any, Any]:
    """The row validation as it was before the import went column-wise (the oracle)."""
    issues: list[ImportIssue] = []
    values: dict[str, Any] = {}
    refs: dict[str, str | None] = {}
    labels = v.labels
    info = _clean(v, number, issues, raw, v._nip)
    if info is None and not any(i.column == labels.get("nip") for i in issues):
        issues.append(ImportIssue(number, labels.get("nip", "NIP"), "NIP wajib diisi"))
    nama = _clean(v, number, issues, raw, v._nama)
    if nama is None and not any(i.column == labels.get("nama") for i in issues):
        issues.append(ImportIssue(number, labels.get("nama", "NAMA"), "Nama wajib diisi"))
    for item in v._steps:
        value = raw.get(item[0])
        if value is None or value == "":
            if item[2]:
                refs[item[1]] = None
            continue
        hit = _clean_value(item[3], value, item[5])
        if not hit[0]:
            issues.append(ImportIssue(number, labels.get(item[0], item[0]), hit[1]))
            if item[2]:
                refs[item[1]] = None
        elif item[2]:
            refs[item[1]] = hit[1]
        elif hit[1] is not None:
            values[item[1]] = hit[1]
    if nama is not None:
        values["nama"] = nama
    if info is not None:
        values["nip"] = info.nip
    present = v.present
    status_cpns = _clean(v, number, issues, raw, v._status_cpns) if "status_cpns_pns" in present else None
    status = _clean(v, number, issues, raw, v._status) if "status_kepegawaian" in present else None
    if status_cpns == "CPNS" or (status is None and status_cpns is not None):
        status = status_cpns
    if status is not None:
        values["status_kepegawaian"] = status
    golongan = _clean(v, number, issues, raw, v._golongan) if "golongan" in present else None
    if golongan is not None:
        values["golongan_id"] = golongan.id
        effective = status or ("PPPK" if info is not None and info.kemungkinan_pppk else "PNS")
        if (effective == "PPPK") != (golongan.jenis == "PPPK"):
            issues.append(ImportIssue(number, labels["golongan"], f"Golongan {golongan.kode} bukan golongan untuk {effective}"))
    tmt_cpns, tmt_pns = values.get("tmt_cpns"), values.get("tmt_pns")
    if tmt_cpns is not None and tmt_pns is not None and tmt_pns < tmt_cpns:
        issues.append(ImportIssue(number, labels["tmt_pns"], "TMT PNS tidak boleh sebelum TMT CPNS"))
    lahir = values.get("tanggal_lahir")
    if lahir is not None and lahir > v.today:
        issues.append(ImportIssue(number, labels["tanggal_lahir"], "Tanggal lahir tidak boleh di masa depan"))
    if info is not None:
        warnings = list(info.warnings)
        warnings += cross_check_nip(info, tanggal_lahir=lahir, jenis_kelamin=values.get("jenis_kelamin"), jenis_pegawai=status)
        issues.extend(ImportIssue(number, labels["nip"], w, PERINGATAN) for w in warnings)
        values.setdefault("tanggal_lahir", info.tanggal_lahir)
        values.setdefault("jenis_kelamin", info.jenis_kelamin)
        values["_nip_pppk"] = info.kemungkinan_pppk
    return values, refs, issues


def _compare(path: Path, batch_size: int) -> int:
    reader, layout, data = open_layout(path, PEGAWAI_IMPORT_FIELDS)
    try:
        raws = list(data)
    finally:
        reader.close()
    oracle = _RowValidator(layout, TODAY)
    expected = [_row_by_row(oracle, r.number, r.values) for r in raws]
    batched = _RowValidator(layout, TODAY)  # its caches fill across batches, as in an import
    got: list[Any] = []
    for start in range(0, len(raws), batch_size):
        chunk = raws[start : start + batch_size]
        columns = {key: [r.values.get(key) for r in chunk] for key in layout.mapping.values()}
        got += batched.validate_batch([r.number for r in chunk], columns)
    assert len(got) == len(expected)
    for raw, mine, theirs in zip(raws, got, expected, strict=True):
        assert mine == theirs, f"baris {raw.number}"
    return sum(1 for _v, _r, issues in expected if issues)


def test_every_known_defect_gives_the_same_rows_as_before(tmp_path: Path) -> None:
    path = tmp_path / "siasn.xlsx"
    _defective_siasn(path)
    assert _compare(path, batch_size=4) >= 3


def test_randomly_spoilt_cells_give_the_same_rows_as_before(tmp_path: Path) -> None:
    rng = random.Random(5)
    rows = list(siasn_rows(600, seed=23))
    spoilers: list[Any] = [None, "", "null", " - ", "   ", "***", "3201********0012", 0, 1.5, 19800101.0, True,
                           "31-02-1980", "1 Januari 2030", date(2031, 1, 1), datetime(1990, 5, 6, 7, 8),
                           "III/b", "IV/e", "x" * 300, "Penata Muda Tingkat I", "PPPK", "CPNS", "L", "perempuan",
                           "'198001012005011001", "19800101 200501 1 001", "abc@", "0812-3456-789", "?"]
    for row in rows:
        for column in rng.sample(SIASN_COLUMNS_65, 4):
            row.values[column] = rng.choice(spoilers)
    path = tmp_path / "rusak.xlsx"
    write_siasn_xlsx(path, rows, columns=SIASN_COLUMNS_65)
    assert _compare(path, batch_size=37) > 100
