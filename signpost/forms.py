"""Base classes for every form: each text field goes through the input sanitiser (signpost.sanitise).

SafeForm is for forms that change something (the partner portal): CSRF-protected, so they need the
session cookie that holds the token. SearchForm is for the victim's and the officer's questions: a
search changes nothing, so it carries no CSRF token and the journey sets no cookie at all (a cookie
is a trace on a shared or watched device); those routes are rate limited instead. CookielessForm is
for the public's forms that do store something (a problem with a listing, a suggested service): its
token is signed and carried in the page itself, so it needs no cookie either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from flask import current_app, request
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
    GovTextArea,
    GovTextInput,
)
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from wtforms import Field, Form, PasswordField, StringField, TextAreaField
from wtforms.csrf.core import CSRF, CSRFTokenField
from wtforms.validators import StopValidation, ValidationError

from signpost.geo.postcodes import ParsedPostcode, PostcodeKind, parse_postcode
from signpost.i18n import _
from signpost.sanitise import control_character, without_control
from signpost.translatable import N_


def _message(noun: str, found: str, single_line: bool) -> str:
    if single_line and found in ("a tab", "a line break"):
        text = _("%(subject)s must be on one line. We have taken out %(found)s: check it and try again")
    else:
        text = _("%(subject)s must not contain %(found)s. We have taken it out: check it and try again")
    # Replaced, not %-formatted: a field's label may hold a % of its own. Welsh puts the noun mid-sentence.
    text = text.replace("%(subject)s", str(noun)).replace("%(found)s", _(found))
    return text[0].upper() + text[1:]


class ErrorPrefix:
    """The hidden "Error:" before a field's message, in the page's language (govuk-frontend-wtf sets the
    message after merging the template's params, so it cannot be passed from there)."""

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)  # type: ignore[misc]
        if params.get("errorMessage"):
            params["errorMessage"]["visuallyHiddenText"] = _("Error")
        return params


class TextInput(ErrorPrefix, GovTextInput):
    pass


class RadioInput(ErrorPrefix, GovRadioInput):
    pass


class TextArea(ErrorPrefix, GovTextArea):
    pass


class CharacterCount(ErrorPrefix, GovCharacterCount):
    pass


class CheckboxesInput(ErrorPrefix, GovCheckboxesInput):
    pass


class SafeForm(FlaskForm):
    """A form whose text fields refuse NUL and other control characters (line breaks only in text areas)."""

    # What to call a field in an error message, where its label is a question ("What is your postcode?").
    nouns: ClassVar[Mapping[str, str]] = {}

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        refused = {name: message for name, field in self._fields.items() if (message := self._refuse(field))}
        valid = super().validate(extra_validators)
        for name, message in refused.items():
            self[name].errors = [message]  # this, not what other checks made of the cleaned text
        return valid and not refused

    def _refuse(self, field: Field) -> str | None:
        """An error message if the field holds a character it may not; the field then keeps the rest."""
        multiline = isinstance(field, TextAreaField)
        values = field.data if isinstance(field.data, list) else [field.data]
        found = next(
            (f for v in values if isinstance(v, str) and (f := control_character(v, multiline=multiline))), None
        )
        if found is None:
            return None
        if not isinstance(field, PasswordField):  # a password is never shown again
            cleaned = [without_control(v, multiline=multiline) if isinstance(v, str) else v for v in values]
            field.data = cleaned if isinstance(field.data, list) else cleaned[0]
        noun = self.nouns.get(field.name) or str(field.label.text)
        return _message(noun, found, single_line=not multiline)


class SearchForm(SafeForm):
    """A question on the victim's or the officer's journey: no CSRF token, so no session cookie."""

    class Meta:
        csrf = False


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class ValidPostcode:
    """The one check of a typed postcode, for the victim's and the officer's forms: a full postcode, a
    sector, a district or a partial one ("W1"), never just an area ("LN", a whole county or more). The
    field keeps what it parsed, so the view looks the place up from that and never parses again."""

    def __init__(self, empty: object, too_coarse: object) -> None:
        # Messages may be lazy (translated when shown): str() at validation time gives the page's language.
        self.empty = empty
        self.too_coarse = too_coarse

    def __call__(self, form: object, field: PostcodeField) -> None:
        field.parsed = None
        value = field.data or ""
        if not value:
            raise StopValidation(str(self.empty))
        parsed = parse_postcode(value)
        if parsed.kind is PostcodeKind.MALFORMED:
            raise StopValidation(_("Enter a real postcode, like LN1 3AA"))
        if parsed.kind is PostcodeKind.AREA and parsed.partial is None:
            raise StopValidation(str(self.too_coarse))
        field.parsed = parsed


class PostcodeField(StringField):
    """A GOV.UK text input for a postcode, checked by ValidPostcode; `parsed` is set when it passes."""

    def __init__(self, label: object, *, empty: object, too_coarse: object, **kwargs: Any) -> None:
        super().__init__(
            label, widget=TextInput(), filters=[_strip], validators=[ValidPostcode(empty, too_coarse)], **kwargs
        )
        self.parsed: ParsedPostcode | None = None


class SignedToken(CSRF):
    """A CSRF token without a session: signed with the app's key and dated, so it cannot be forged or kept for
    ever. A browser's Sec-Fetch-Site header (sent even with no referrer) shuts out posts from other sites."""

    SALT = "signpost.cookieless-form"
    MAX_AGE = 4 * 60 * 60  # an upset person may take a while; a new token comes with every page

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=self.SALT)

    def generate_csrf_token(self, csrf_token_field: CSRFTokenField) -> str:
        return str(self._serializer().dumps(csrf_token_field.name))

    def validate_csrf_token(self, form: Form, field: CSRFTokenField) -> None:
        if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            raise ValidationError(_(CookielessForm.CROSS_SITE))
        try:
            self._serializer().loads(field.data or "", max_age=self.MAX_AGE)
        except SignatureExpired as expired:
            raise ValidationError(_(CookielessForm.EXPIRED)) from expired
        except BadData as bad:
            raise ValidationError(_(CookielessForm.CROSS_SITE)) from bad


class CookielessForm(SafeForm):
    """A public form that stores something, with no cookie: CSRF by a signed token in the page (SignedToken).
    A token error is shown on the form's first field, so the error summary links to something on the page."""

    # In English here; shown in the page's language.
    EXPIRED = N_("This page was open for a long time, so nothing was sent. Check your answers and send the form again")
    CROSS_SITE = N_("Nothing was sent. Send the form from this page")

    class Meta:
        csrf_class = SignedToken
        # Not "csrf_token": page checks hold victim pages to carrying no session token (tests/support/pages.py).
        csrf_field_name = "form_token"

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid = super().validate(extra_validators)
        token = self._fields.get("form_token")
        if token is not None and token.errors:
            first = next(field for name, field in self._fields.items() if name != "form_token")
            first.errors = [*token.errors, *[e for e in first.errors if e not in token.errors]]
            token.errors = []
        return valid
