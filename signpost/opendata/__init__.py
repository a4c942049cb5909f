"""Open data: the directory as Open Referral UK (HSDS 3.0) records. Knows nothing of HTTP.

Functions take a SQLAlchemy Session and return plain dicts shaped as HSDS 3.0 names them; the
api blueprint only parses parameters and serialises what these return.
"""
