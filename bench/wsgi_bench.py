"""The real app plus one trivial route, served by the same gunicorn in the HTTP benchmark."""

from signpost import create_app, heap

heap.enable()  # a server's process: its large caches are frozen once built (see signpost/heap.py)

app = create_app()


@app.get("/__bench/trivial")
def trivial() -> str:
    return "ok"
