"""The victim journey's questions, one per page, with GOV.UK error messages that say what to do."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, ValidationError

from signpost.forms import PostcodeField, RadioInput, SearchForm, TextInput
from signpost.i18n import _
from signpost.i18n import lazy_gettext as _l

NATION_CHOICES = [
    SelectChoice("england", _l("England")),
    SelectChoice("wales", _l("Wales")),
    SelectChoice("scotland", _l("Scotland")),
    SelectChoice("northern-ireland", _l("Northern Ireland")),
    SelectChoice("uk", _l("I do not know, or I would rather not say")),
]


class CrimeForm(SearchForm):
    crime = RadioField(
        _l("What happened?"), widget=RadioInput(), validators=[InputRequired(_l("Select what happened"))]
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())

    def __init__(self, choices: list[SelectChoice], *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.crime.choices = choices


class PostcodeForm(SearchForm):
    nouns = {"postcode": _l("your postcode")}

    postcode = PostcodeField(
        _l("What is your postcode?"),
        description=_l("For example, LN1 3AA. We use it to find help near you. We do not keep it."),
        empty=_l("Enter a postcode"),
        too_coarse=_l("Enter a full postcode, like LN1 3AA, or the first part, like LN1"),
    )
    submit = SubmitField(_l("Find help"), widget=GovSubmitInput())


class PlaceNameForm(SearchForm):
    """A town, city or council name, for people who do not know their postcode."""

    place = StringField(
        _l("Which town, city or council area do you live in?"),
        widget=TextInput(),
        description=_l("For example, Lincoln, Cardiff or the name of your council"),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[DataRequired(_l("Enter the name of your town, city or council area"))],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class PlaceChoiceForm(SearchForm):
    """When a name means more than one place: which one."""

    choice = RadioField(
        _l("Which place do you mean?"),
        widget=RadioInput(),
        validators=[InputRequired(_l("Select the place you live in"))],
        validate_choice=False,  # checked below, with a message that says what to do
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())

    def validate_choice(self, field: RadioField) -> None:
        if field.data not in {value for value, *_ in field.iter_choices()}:
            raise ValidationError(_("Select the place you live in"))


class NationForm(SearchForm):
    nation = RadioField(
        _l("Which country do you live in?"),
        widget=RadioInput(),
        choices=NATION_CHOICES,
        validators=[InputRequired(_l("Select the country you live in"))],
    )
    submit = SubmitField(_l("Find help"), widget=GovSubmitInput())
