"""The officer's one form: what happened and where, with GOV.UK error messages that say what to do.

Nothing typed here is kept: the area is resolved to a sector (or coarser) place and only that
place's slug leaves the request, in the redirect to the share page.
"""

from __future__ import annotations

from collections.abc import Callable

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from signpost.forms import SearchForm
from signpost.geo.places import Lookup, NotFound, Place, Problem
from signpost.geo.postcodes import ParsedPostcode, PostcodeKind, parse_postcode

ENTER_AREA = "Enter a postcode or district"
REAL_POSTCODE = "Enter a real postcode, like LN1 3AA"
TOO_COARSE = "Enter a full postcode, like LN1 3AA, or the district, like LN1"
NOT_FOUND = "We could not find that postcode. Check it, or enter the district, like LN1"
OUTSIDE_UK = "Signpost covers the UK only, not the Isle of Man, Jersey or Guernsey. Enter a UK postcode or district"


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class OfficerForm(SearchForm):
    nouns = {"area": "the postcode or district"}

    crime = RadioField("What happened?", widget=GovRadioInput(), validators=[InputRequired("Select what happened")])
    area = StringField(
        "Postcode or district",
        widget=GovTextInput(),
        description="For example, LN1 3AA or LN1. The link shows only the first part of a postcode, like LN1 3.",
        filters=[_strip],
    )
    submit = SubmitField("Get the link and QR code", widget=GovSubmitInput())

    def __init__(
        self, choices: list[SelectChoice], lookup: Callable[[ParsedPostcode], Lookup], *args: object, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.crime.choices = choices
        self._lookup = lookup
        self.place: Place | None = None

    def validate_area(self, field: StringField) -> None:
        value = field.data or ""
        if not value:
            raise ValidationError(ENTER_AREA)
        parsed = parse_postcode(value)
        if parsed.kind is PostcodeKind.MALFORMED:
            raise ValidationError(REAL_POSTCODE)
        if parsed.kind is PostcodeKind.AREA and parsed.partial is None:
            # "LN" alone covers a whole county or more: too coarse for local help.
            raise ValidationError(TOO_COARSE)
        found = self._lookup(parsed)
        if isinstance(found, NotFound):
            raise ValidationError(OUTSIDE_UK if found.problem is Problem.OUTSIDE_UK else NOT_FOUND)
        self.place = found
