"""Server mode settings and exchange package screens."""
