"""The ``mutasi`` command line."""
