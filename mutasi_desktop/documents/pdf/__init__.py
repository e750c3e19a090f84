"""PDF renderers (ReportLab platypus): each a function from plain frozen dataclasses to a file."""
