"""Writes of the compliance app. Each function takes keyword-only arguments and runs in
one transaction."""
