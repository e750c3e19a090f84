"""Generators of synthetic spreadsheets for the import/export tests and the benchmark.

Only code lives here: every file is generated at run time from Faker ``id_ID`` names and
synthetic NIPs. No real personal data.
"""
