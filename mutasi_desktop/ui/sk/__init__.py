"""Surat keputusan screens: list, detail, preview, printing, verification, document settings."""
