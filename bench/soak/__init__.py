"""`make soak`: the production topology under bounded load, then one fault at a time.

nginx (Debian's package, deploy/nginx/signpost.conf) in front of two gunicorn instances
(deploy/gunicorn.conf.py), a dedicated PostgreSQL database on the shared local server and a
dedicated redis-server on its own port, all on loopback. See bench/soak/__main__.py for the steps
and RESILIENCE.md for the latest figures.
"""
