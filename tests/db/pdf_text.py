"""Text of a generated PDF, whitespace collapsed (for SK service tests)."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader


def text_of(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in PdfReader(str(path)).pages))
