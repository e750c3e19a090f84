"""The import wizard (issue 7): file -> column mapping -> preview -> commit."""
