from __future__ import annotations

import pytest

from mutasi_desktop.domain.errors import DomainError
from mutasi_desktop.domain.reference_codes import LISTS, code_list, label, require_code


@pytest.mark.parametrize("name", LISTS)
def test_every_list_loads_with_unique_codes(name: str) -> None:
    codes = [c.kode for c in code_list(name)]
    assert codes and len(codes) == len(set(codes))


def test_labels() -> None:
    assert label("agama", 1) == "Islam"
    assert label("kedudukan", "CLTN") == "Cuti di Luar Tanggungan Negara"
    assert label("kedudukan", "XYZ") == "XYZ"
    assert label("agama", None) == ""


def test_require_code_normalises_and_refuses_unknown() -> None:
    assert require_code("kedudukan", " tugas_belajar ") == "TUGAS_BELAJAR"
    with pytest.raises(DomainError, match="tidak dikenal untuk kedudukan"):
        require_code("kedudukan", "LIBUR", field="kedudukan")
