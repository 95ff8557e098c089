"""Validate: every check of an edition, returning diagnostics; nothing here raises on bad input."""
