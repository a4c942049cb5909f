"""Fail open: pages with 999, 101 and each nation's helplines, built ahead of time from the curated files.

`build` writes them (no database needed), `serve` answers a victim request with one of them when the
page it asked for cannot be served, and `areas` tells which nation a URL or postcode is in, offline.
"""
