"""WSGI entry point: `gunicorn wsgi:app`."""

from signpost import create_app, heap

heap.enable()  # a server's process: its large caches are frozen once built (see signpost/heap.py)

app = create_app()
