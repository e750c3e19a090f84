"""What the audit trail stores of a change: JSON-native values that survive a round trip."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from mutasi_desktop.db.audit_hook import jsonable


class Warna(Enum):
    MERAH = "merah"


def test_nested_values_become_json_native_and_survive_a_round_trip() -> None:
    value = {
        1: [("a", None, True), [1, 2.5], (date(2020, 1, 2), Decimal("1.50")), [float("nan"), math.inf]],
        "pasangan": [["199001022015031001", "u-1"], ("199001022015031002", "u-2")],
        "himpunan": {3, 1, 2},
        "warna": [Warna.MERAH, datetime(2021, 3, 4, 5, 6, 7)],
        "bita": b"\x00\x01",
    }
    out = jsonable(value)
    assert out == {
        "1": [["a", None, True], [1, 2.5], ["2020-01-02", "1.50"], ["nan", "inf"]],
        "pasangan": [["199001022015031001", "u-1"], ["199001022015031002", "u-2"]],
        "himpunan": [1, 2, 3],
        "warna": ["merah", "2021-03-04T05:06:07"],
        "bita": "<2 bita>",
    }
    assert json.loads(json.dumps(out)) == out


def test_a_list_vouched_json_native_is_stored_as_it_is() -> None:
    from mutasi_desktop.db.audit_hook import JsonNative

    pairs = JsonNative([["199001022015031001", "u-1"], ["199001022015031002", "u-2"]])
    out = jsonable({"pegawai_baru": pairs})
    assert out == {"pegawai_baru": [["199001022015031001", "u-1"], ["199001022015031002", "u-2"]]}
    assert type(out["pegawai_baru"]) is list  # a plain list in the stored entry
