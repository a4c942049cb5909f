"""The victim journey: start, what happened, where, results, advice, rights."""

from signpost.public.views import bp

__all__ = ["bp"]
