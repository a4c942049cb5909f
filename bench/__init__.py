"""Benchmarks against the budgets in DESIGN.md. Run with `make bench`; never part of `make test`."""
