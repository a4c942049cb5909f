"""WSGI entry point: `gunicorn wsgi:app`."""

from signpost import create_app

app = create_app()
