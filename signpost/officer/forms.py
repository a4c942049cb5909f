"""The officer's one form: what happened and where, with GOV.UK error messages that say what to do.

Nothing typed here is kept: the area is resolved to a sector (or coarser) place and only that
place's slug leaves the request, in the redirect to the share page.
"""

from __future__ import annotations

from collections.abc import Callable

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from signpost.forms import PostcodeField, SearchForm
from signpost.geo.places import Lookup, NotFound, Place, Problem
from signpost.geo.postcodes import ParsedPostcode

ENTER_AREA = "Enter a postcode or district"
TOO_COARSE = "Enter a full postcode, like LN1 3AA, or the district, like LN1"
NOT_FOUND = "We could not find that postcode. Check it, or enter the district, like LN1"
OUTSIDE_UK = "Signpost covers the UK only, not the Isle of Man, Jersey or Guernsey. Enter a UK postcode or district"
SELECT_LANGUAGE = "Select English or Welsh for the link, card and leaflet"
# The officer pages stay in English; the victim's page, card and leaflet come out in the language chosen.
LANGUAGE_CHOICES = [SelectChoice("en", "English"), SelectChoice("cy", "Welsh (Cymraeg)")]


class OfficerForm(SearchForm):
    nouns = {"area": "the postcode or district"}

    crime = RadioField("What happened?", widget=GovRadioInput(), validators=[InputRequired("Select what happened")])
    area = PostcodeField(
        "Postcode or district",
        description="For example, LN1 3AA or LN1. The link shows only the first part of a postcode, like LN1 3.",
        empty=ENTER_AREA,
        too_coarse=TOO_COARSE,
    )
    language = RadioField(
        "Which language should the link, card and leaflet be in?",
        widget=GovRadioInput(),
        choices=LANGUAGE_CHOICES,
        validators=[InputRequired(SELECT_LANGUAGE)],
        validate_choice=False,  # checked below, with a message that says what to do
    )
    submit = SubmitField("Get the link and QR code", widget=GovSubmitInput())

    def __init__(
        self, choices: list[SelectChoice], lookup: Callable[[ParsedPostcode], Lookup], *args: object, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.crime.choices = choices
        self._lookup = lookup
        self.place: Place | None = None

    def validate_language(self, field: RadioField) -> None:
        if field.data not in {choice.value for choice in LANGUAGE_CHOICES}:
            raise ValidationError(SELECT_LANGUAGE)

    def validate_area(self, field: PostcodeField) -> None:
        # Runs after the shared postcode check (signpost.forms.ValidPostcode), which stops at a bad one.
        assert field.parsed is not None
        found = self._lookup(field.parsed)
        if isinstance(found, NotFound):
            raise ValidationError(OUTSIDE_UK if found.problem is Problem.OUTSIDE_UK else NOT_FOUND)
        self.place = found
