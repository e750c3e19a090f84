"""Screens of selection: analisis kebutuhan, candidate ranking, placement planner, aspirasi form."""
