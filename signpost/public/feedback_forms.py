"""The public's two forms that store something: a problem with a listing, and a service to suggest.
Both are CookielessForms: CSRF-protected by a signed token in the page, with no cookie."""

from __future__ import annotations

import re

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import EmailField, RadioField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, ValidationError

from signpost.feedback import reports, suggestions
from signpost.forms import CookielessForm

_WEBSITE = re.compile(r"(https?://)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?", re.IGNORECASE)


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class ReportForm(CookielessForm):
    problem = RadioField(
        "What is wrong with this listing?",
        widget=GovRadioInput(),
        choices=[SelectChoice(key, label) for key, label in reports.PROBLEMS.items()],
        validators=[InputRequired("Select what is wrong with this listing")],
    )
    detail = TextAreaField(
        "Tell us more (optional)",
        widget=GovCharacterCount(),
        description="Do not include personal details, like your name, address or postcode.",
        filters=[_strip],
        validators=[
            Length(
                max=reports.DETAIL_MAX,
                message=f"Tell us more in {reports.DETAIL_MAX} characters or fewer",
            )
        ],
    )
    submit = SubmitField("Send report", widget=GovSubmitInput())


class SuggestionForm(CookielessForm):
    nouns = {"crime_types": "the crimes it helps with"}

    name = StringField(
        "Name of the service or organisation",
        widget=GovTextInput(),
        filters=[_strip],
        validators=[
            DataRequired("Enter the name of the service or organisation"),
            Length(max=suggestions.NAME_MAX, message=f"Enter a name of {suggestions.NAME_MAX} characters or fewer"),
        ],
    )
    website = StringField(
        "Website (optional)",
        widget=GovTextInput(),
        description="For example, https://www.example.org",
        filters=[_strip],
    )
    contact_email = EmailField(
        "Contact email address",
        widget=GovTextInput(),
        description="The service's own address, or yours if you work there. We use it only to check the details.",
        filters=[_strip],
        validators=[
            InputRequired("Enter a contact email address"),
            Email("Enter an email address in the correct format, like name@example.org", check_deliverability=False),
            Length(max=suggestions.EMAIL_MAX, message="Enter an email address of 254 characters or fewer"),
        ],
    )
    areas = TextAreaField(
        "Which areas does it cover?",
        widget=GovTextArea(),
        description="For example, Lincolnshire, Cardiff and the Vale of Glamorgan, or the whole of Scotland.",
        filters=[_strip],
        validators=[
            DataRequired("Enter the areas the service covers"),
            Length(
                max=suggestions.AREAS_MAX,
                message=f"Enter the areas in {suggestions.AREAS_MAX} characters or fewer",
            ),
        ],
    )
    crime_types = SelectMultipleField(
        "Which crimes does it help with?",
        widget=GovCheckboxesInput(),
        description="Select all that apply.",
        validate_choice=False,  # checked below, with a message that says what to do
    )
    submit = SubmitField("Send suggestion", widget=GovSubmitInput())

    def __init__(self, choices: list[SelectChoice], *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.crime_types.choices = choices

    def validate_website(self, field: StringField) -> None:
        value = field.data or ""
        if not value:
            return
        if len(value) > suggestions.WEBSITE_MAX or not _WEBSITE.fullmatch(value):
            raise ValidationError("Enter the website address in the correct format, like https://www.example.org")

    def website_url(self) -> str | None:
        """The website as a link: "www.example.org" is kept as https://www.example.org."""
        value = self.website.data or ""
        if not value:
            return None
        return value if value.lower().startswith(("http://", "https://")) else f"https://{value}"

    def validate_crime_types(self, field: SelectMultipleField) -> None:
        known = {value for value, *_ in field.iter_choices()}
        if not field.data or not set(field.data) <= known:
            raise ValidationError("Select the crimes the service helps with")
