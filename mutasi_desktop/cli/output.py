"""Printing results for people (Indonesian text) and for scripts (``--json``)."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_INVALID = 1  # the input was checked and found invalid (e.g. `mutasi nip` on a bad NIP)
EXIT_ERROR = 2  # the command could not do its work (bad arguments, unreadable file, refused)


def _default(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"tidak dapat diubah ke JSON: {type(value).__name__}")


def to_json(value: Any) -> str:
    return json.dumps(value, default=_default, ensure_ascii=False, indent=2)


def print_json(value: Any) -> None:
    sys.stdout.write(to_json(value) + "\n")


def error(message: str) -> None:
    sys.stderr.write(f"Galat: {message}\n")
