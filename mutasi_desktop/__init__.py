"""Mutasi Desktop: offline management of ASN transfers (mutasi) for BKD/BKPSDM offices."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mutasi-desktop")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.1.0"

APP_NAME = "Mutasi Desktop"
APP_ID = "MutasiDesktop"
