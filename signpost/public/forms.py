"""The victim journey's questions, one per page, with GOV.UK error messages that say what to do."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, ValidationError

from signpost.forms import SearchForm
from signpost.geo.postcodes import PostcodeKind, parse_postcode

NATION_CHOICES = [
    SelectChoice("england", "England"),
    SelectChoice("wales", "Wales"),
    SelectChoice("scotland", "Scotland"),
    SelectChoice("northern-ireland", "Northern Ireland"),
    SelectChoice("uk", "I do not know, or I would rather not say"),
]


class CrimeForm(SearchForm):
    crime = RadioField("What happened?", widget=GovRadioInput(), validators=[InputRequired("Select what happened")])
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def __init__(self, choices: list[SelectChoice], *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.crime.choices = choices


class PostcodeForm(SearchForm):
    nouns = {"postcode": "your postcode"}

    postcode = StringField(
        "What is your postcode?",
        widget=GovTextInput(),
        description="For example, LN1 3AA. We use it to find help near you. We do not keep it.",
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    submit = SubmitField("Find help", widget=GovSubmitInput())

    def validate_postcode(self, field: StringField) -> None:
        value = field.data or ""
        if not value:
            raise ValidationError("Enter a postcode")
        parsed = parse_postcode(value)
        if parsed.kind is PostcodeKind.MALFORMED:
            raise ValidationError("Enter a real postcode, like LN1 3AA")
        if parsed.kind is PostcodeKind.AREA and parsed.partial is None:
            # "LN" alone covers a whole county or more: too coarse to find local help.
            raise ValidationError("Enter a full postcode, like LN1 3AA, or the first part, like LN1")


class PlaceNameForm(SearchForm):
    """A town, city or council name, for people who do not know their postcode."""

    place = StringField(
        "Which town, city or council area do you live in?",
        widget=GovTextInput(),
        description="For example, Lincoln, Cardiff or the name of your council",
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[DataRequired("Enter the name of your town, city or council area")],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class PlaceChoiceForm(SearchForm):
    """When a name means more than one place: which one."""

    choice = RadioField(
        "Which place do you mean?",
        widget=GovRadioInput(),
        validators=[InputRequired("Select the place you live in")],
        validate_choice=False,  # checked below, with a message that says what to do
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def validate_choice(self, field: RadioField) -> None:
        if field.data not in {value for value, *_ in field.iter_choices()}:
            raise ValidationError("Select the place you live in")


class NationForm(SearchForm):
    nation = RadioField(
        "Which country do you live in?",
        widget=GovRadioInput(),
        choices=NATION_CHOICES,
        validators=[InputRequired("Select the country you live in")],
    )
    submit = SubmitField("Find help", widget=GovSubmitInput())
