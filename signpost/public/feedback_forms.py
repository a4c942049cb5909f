"""The public's two forms that store something: a problem with a listing, and a service to suggest.
Both are CookielessForms: CSRF-protected by a signed token in the page, with no cookie. Their labels and
messages are translated when shown, so the same forms serve /cy/ in Welsh."""

from __future__ import annotations

import re
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import EmailField, RadioField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, ValidationError

from signpost.feedback import reports, suggestions
from signpost.forms import CharacterCount, CheckboxesInput, CookielessForm, RadioInput, TextArea, TextInput
from signpost.i18n import _, current_language
from signpost.i18n import lazy_gettext as _l

_WEBSITE = re.compile(r"(https?://)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?", re.IGNORECASE)
_PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")  # Welsh has all six (Intl.PluralRules "cy")


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def character_count_text() -> dict[str, Any]:
    """The character count's own messages (GOV.UK Frontend's are English) for a Welsh page; none for English.
    Welsh puts a singular noun after a number ("500 nod"), so one sentence serves every plural form."""
    if current_language() == "en":
        return {}
    under = _("You have %{count} characters remaining")
    over = _("You have %{count} characters too many")
    return {
        "textareaDescriptionText": _("You can enter up to %{count} characters"),
        "charactersUnderLimitText": dict.fromkeys(_PLURAL_FORMS, under),
        "charactersOverLimitText": dict.fromkeys(_PLURAL_FORMS, over),
        "charactersAtLimitText": _("You have 0 characters remaining"),
    }


class ReportForm(CookielessForm):
    nouns = {"detail": _l("what you tell us")}

    problem = RadioField(
        _l("What is wrong with this listing?"),
        widget=RadioInput(),
        choices=[SelectChoice(key, _l(label)) for key, label in reports.PROBLEMS.items()],
        validators=[InputRequired(_l("Select what is wrong with this listing"))],
    )
    detail = TextAreaField(
        _l("Tell us more (optional)"),
        widget=CharacterCount(),
        description=_l("Do not include personal details, like your name, address or postcode."),
        filters=[_strip],
        validators=[
            Length(
                max=reports.DETAIL_MAX,
                message=_l("Tell us more in %(max)s characters or fewer", max=reports.DETAIL_MAX),
            )
        ],
    )
    submit = SubmitField(_l("Send report"), widget=GovSubmitInput())


class SuggestionForm(CookielessForm):
    # What an error message calls each field mid-sentence (Welsh does not start a noun with a capital there).
    nouns = {
        "name": _l("the name of the service or organisation"),
        "website": _l("the website"),
        "contact_email": _l("the contact email address"),
        "areas": _l("the areas it covers"),
        "crime_types": _l("the crimes it helps with"),
    }

    name = StringField(
        _l("Name of the service or organisation"),
        widget=TextInput(),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter the name of the service or organisation")),
            Length(
                max=suggestions.NAME_MAX,
                message=_l("Enter a name of %(max)s characters or fewer", max=suggestions.NAME_MAX),
            ),
        ],
    )
    website = StringField(
        _l("Website (optional)"),
        widget=TextInput(),
        description=_l("For example, https://www.example.org"),
        filters=[_strip],
    )
    contact_email = EmailField(
        _l("Contact email address"),
        widget=TextInput(),
        description=_l("The service's own address, or yours if you work there. We use it only to check the details."),
        filters=[_strip],
        validators=[
            InputRequired(_l("Enter a contact email address")),
            Email(
                _l("Enter an email address in the correct format, like name@example.org"), check_deliverability=False
            ),
            Length(
                max=suggestions.EMAIL_MAX,
                message=_l("Enter an email address of %(max)s characters or fewer", max=suggestions.EMAIL_MAX),
            ),
        ],
    )
    areas = TextAreaField(
        _l("Which areas does it cover?"),
        widget=TextArea(),
        description=_l("For example, Lincolnshire, Cardiff and the Vale of Glamorgan, or the whole of Scotland."),
        filters=[_strip],
        validators=[
            DataRequired(_l("Enter the areas the service covers")),
            Length(
                max=suggestions.AREAS_MAX,
                message=_l("Enter the areas in %(max)s characters or fewer", max=suggestions.AREAS_MAX),
            ),
        ],
    )
    crime_types = SelectMultipleField(
        _l("Which crimes does it help with?"),
        widget=CheckboxesInput(),
        description=_l("Select all that apply."),
        validate_choice=False,  # checked below, with a message that says what to do
    )
    submit = SubmitField(_l("Send suggestion"), widget=GovSubmitInput())

    def __init__(self, choices: list[SelectChoice], *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.crime_types.choices = choices

    def validate_website(self, field: StringField) -> None:
        value = field.data or ""
        if not value:
            return
        if len(value) > suggestions.WEBSITE_MAX or not _WEBSITE.fullmatch(value):
            raise ValidationError(_("Enter the website address in the correct format, like https://www.example.org"))

    def website_url(self) -> str | None:
        """The website as a link: "www.example.org" is kept as https://www.example.org."""
        value = self.website.data or ""
        if not value:
            return None
        return value if value.lower().startswith(("http://", "https://")) else f"https://{value}"

    def validate_crime_types(self, field: SelectMultipleField) -> None:
        known = {value for value, *_ in field.iter_choices()}
        if not field.data or not set(field.data) <= known:
            raise ValidationError(_("Select the crimes the service helps with"))
