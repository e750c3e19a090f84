"""Reading generated PDFs back for the renderer tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader


def page_texts(path: Path) -> list[str]:
    reader = PdfReader(str(path))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


def full_text(path: Path) -> str:
    return " ".join(page_texts(path))


def assert_in_order(text: str, parts: list[str]) -> None:
    pos = 0
    for part in parts:
        found = text.find(part, pos)
        assert found >= 0, f"{part!r} missing (or out of order) after position {pos}: ...{text[pos:pos + 200]!r}"
        pos = found + len(part)


def page_sizes(path: Path) -> list[tuple[float, float]]:
    reader = PdfReader(str(path))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def fonts(path: Path) -> dict[str, Any]:
    """Every font used on any page (also inside form XObjects), by base name."""
    reader = PdfReader(str(path))
    found: dict[str, Any] = {}

    def walk(resources: Any) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for _name, ref in (resources.get("/Font") or {}).items():
            font = ref.get_object()
            found[str(font.get("/BaseFont"))] = font
        for _name, ref in (resources.get("/XObject") or {}).items():
            xobj = ref.get_object()
            walk(xobj.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found


def is_embedded(font: Any) -> bool:
    font = font.get_object()
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile2", "/FontFile", "/FontFile3"))
