"""The victim journey: start, what happened, where, results, advice, rights; and the public's feedback."""

from signpost.public import feedback_views
from signpost.public.views import bp

__all__ = ["bp", "feedback_views"]
