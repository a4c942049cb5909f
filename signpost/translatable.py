"""N_ marks a message for translation where it is defined, with no Flask in sight (the domain layer uses it);
the page translates it when it shows it. `make translations` extracts every N_("...")."""


def N_(message: str) -> str:  # noqa: N802 (the name gettext tools look for)
    return message
