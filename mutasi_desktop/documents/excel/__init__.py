"""Spreadsheets: fast streaming readers (python-calamine, csv) and formatted writers (openpyxl)."""
