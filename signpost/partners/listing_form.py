"""The listing form, in the sections an editor fills in one at a time (see listing_sections.py).

Rows (phones, days, places) are FieldLists of small forms, so an error found on row 2 is put on row 2:
see listing_convert.place_errors.
"""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice

from signpost.dataset.schema import DAYS
from signpost.directory.vocabulary import AUDIENCES, FOCUS, PURPOSES
from signpost.forms import SafeForm

DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True))
PHONE_KINDS = [
    SelectChoice("voice", "Phone"),
    SelectChoice("text", "Text message"),
    SelectChoice("textphone", "Textphone"),
]
PHONE_ROWS, LOCATION_ROWS = 3, 2
NATIONS = [
    SelectChoice("uk", "The whole UK"),
    SelectChoice("england", "England"),
    SelectChoice("wales", "Wales"),
    SelectChoice("scotland", "Scotland"),
    SelectChoice("northern-ireland", "Northern Ireland"),
]


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class _Row(SafeForm):
    """One row of a list: the enclosing form carries the CSRF token."""

    class Meta:
        csrf = False


class PhoneRow(_Row):
    kind = SelectField("Type", widget=GovSelect(), choices=PHONE_KINDS)
    number = StringField("Number", widget=GovTextInput(), filters=[_strip])
    note = StringField("Note", widget=GovTextInput(), filters=[_strip])
    keyword = StringField(
        "Word to text, if you ask for one",
        widget=GovTextInput(),
        filters=[_strip],
        description="Text message numbers only, like SHOUT",
    )


class DayRow(_Row):
    opens = StringField("Opens", widget=GovTextInput(), filters=[_strip])
    closes = StringField("Closes", widget=GovTextInput(), filters=[_strip])


class PlaceRow(_Row):
    name = StringField("Name", widget=GovTextInput(), filters=[_strip])
    address = StringField("Address", widget=GovTextInput(), filters=[_strip])
    postcode = StringField("Postcode", widget=GovTextInput(), filters=[_strip])
    confidential = BooleanField("Keep the address private (for example a refuge)", widget=GovCheckboxInput())


class _Section(SafeForm):
    submit = SubmitField("Save and continue", widget=GovSubmitInput())

    def __init__(self, crime_choices: list[SelectChoice] | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "crime_types" in self._fields:
            self["crime_types"].choices = [SelectChoice("any", "Every kind of crime"), *(crime_choices or [])]
        _label_rows(self)


def _label_rows(form: SafeForm) -> None:
    """Each row's labels say which row they are on ("Phone 2: number", "Saturday: opens")."""
    for list_name in ("phones", "days", "locations"):
        if list_name not in form._fields:
            continue
        for i, entry in enumerate(form[list_name].entries):
            row_name = _row_name(list_name, i)
            for sub in entry.form:
                base = str(sub.label.text).split(": ", 1)[-1]
                sub.label.text = f"{row_name}: {base[0].lower()}{base[1:]}"


def _row_name(list_name: str, i: int) -> str:
    if list_name == "days":
        return DAY_NAMES[DAYS[i]] if i < len(DAYS) else f"Day {i + 1}"
    return f"Phone {i + 1}" if list_name == "phones" else f"Place {i + 1}"


class AboutSection(_Section):
    name = StringField("Service name", widget=GovTextInput(), filters=[_strip])
    description = TextAreaField(
        "What the service does",
        widget=GovTextArea(),
        filters=[_strip],
        description="Plain English, short sentences. Victims read this on a phone.",
    )
    purpose = RadioField(
        "What the service is mainly for",
        widget=GovRadioInput(),
        choices=[SelectChoice(value, label) for value, label in PURPOSES.items()],
        validate_choice=False,
    )
    languages = StringField(
        "Languages", widget=GovTextInput(), filters=[_strip], description="Two-letter codes, like en, cy, pl"
    )
    accessibility = TextAreaField("Accessibility", widget=GovTextArea(), filters=[_strip])


class ContactSection(_Section):
    website = StringField("Website", widget=GovTextInput(), filters=[_strip], description="Starts with https://")
    email = StringField("Email address", widget=GovTextInput(), filters=[_strip])
    phones = FieldList(FormField(PhoneRow), min_entries=PHONE_ROWS, max_entries=PHONE_ROWS)


class HoursSection(_Section):
    always_open = BooleanField("Open 24 hours, every day", widget=GovCheckboxInput())
    days = FieldList(FormField(DayRow), min_entries=len(DAYS), max_entries=len(DAYS))
    bank_holidays_closed = BooleanField("Closed on bank holidays", widget=GovCheckboxInput())
    hours_note = StringField("Anything else about opening hours", widget=GovTextInput(), filters=[_strip])
    exceptions = TextAreaField(
        "Closures and changed hours",
        widget=GovTextArea(),
        filters=[_strip],
        description="One per line, like: 2026-12-25 closed Christmas Day, or 2026-12-24 10:00-14:00 Christmas Eve",
    )


class PlacesSection(_Section):
    locations = FieldList(FormField(PlaceRow), min_entries=LOCATION_ROWS, max_entries=LOCATION_ROWS)


class AreasSection(_Section):
    nations = SelectMultipleField(
        "Countries you cover", widget=GovCheckboxesInput(), choices=NATIONS, validate_choice=False
    )
    local_areas = TextAreaField(
        "Local areas you cover",
        widget=GovTextArea(),
        filters=[_strip],
        description="One per line: a police force (like Lincolnshire Police), a council (like Lincoln) or a postcode district (like LN1)",
    )
    radius_miles = StringField(
        "Also cover everyone within this many miles of your first place to visit",
        widget=GovTextInput(),
        filters=[_strip],
    )


class CrimesSection(_Section):
    crime_types = SelectMultipleField("Crimes you help with", widget=GovCheckboxesInput(), validate_choice=False)


class AudienceSection(_Section):
    audience = SelectMultipleField(
        "Who the service is for",
        widget=GovCheckboxesInput(),
        choices=[SelectChoice(value, label) for value, label in AUDIENCES.items()],
        validate_choice=False,
    )
    eligibility = TextAreaField("Who can use it", widget=GovTextArea(), filters=[_strip])
    focus = SelectMultipleField(
        "Does the service focus on particular people? Leave blank if it is for everyone",
        widget=GovCheckboxesInput(),
        choices=[SelectChoice(value, label) for value, label in FOCUS.items()],
        validate_choice=False,
    )


# Welsh inputs say so (lang="cy"), so screen readers and spellcheckers treat what is typed as Welsh.
WELSH_INPUT = {"lang": "cy"}
# What an error message calls each Welsh field (the labels end in "(optional)").
WELSH_NOUNS = {
    "name_cy": "The Welsh service name",
    "description_cy": "The Welsh description of what the service does",
    "eligibility_cy": "The Welsh description of who can use it",
}


class WelshSection(_Section):
    """Optional Welsh for the /cy/ pages, checked as the English is (signpost.dataset.schema.welsh)."""

    nouns = WELSH_NOUNS

    name_cy = StringField(
        "Service name in Welsh (optional)", widget=GovTextInput(), filters=[_strip], render_kw=WELSH_INPUT
    )
    description_cy = TextAreaField(
        "What the service does, in Welsh (optional)", widget=GovTextArea(), filters=[_strip], render_kw=WELSH_INPUT
    )
    eligibility_cy = TextAreaField(
        "Who can use it, in Welsh (optional)", widget=GovTextArea(), filters=[_strip], render_kw=WELSH_INPUT
    )


class ListingForm(
    AboutSection,
    ContactSection,
    HoursSection,
    PlacesSection,
    AreasSection,
    CrimesSection,
    AudienceSection,
    WelshSection,
):
    """Every section on one page: a new listing, and the whole-listing edit."""

    submit = SubmitField("Send for review", widget=GovSubmitInput())
    # The listing as the editor started from it (version and snapshot), signed: see listing_views.sign_base.
    base = HiddenField()
