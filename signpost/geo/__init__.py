"""Postcode parsing, reference-file readers and geographic lookups."""
