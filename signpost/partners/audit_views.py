"""Admins' audit log: filter by listing, person and date (a GET form), read in words."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovSelect, GovSubmitInput
from wtforms import DateField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from signpost.extensions import current_session
from signpost.forms import SearchForm
from signpost.listings.audit_log import LIMIT, Filters, listings, people, search
from signpost.listings.snapshot import WELSH_LABELS
from signpost.partners.access import role_required
from signpost.partners.blueprint import bp


class _Date(DateField):
    """A GOV.UK date input whose error says what to type."""

    def process_formdata(self, valuelist: list[str]) -> None:
        # The widget shows day, month and year from raw_data: always three values, whatever was sent.
        self.raw_data = valuelist = ([v.strip() for v in valuelist] + ["", "", ""])[:3]
        if not any(valuelist):
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(f"Enter a real date for '{self.label.text}', like 27 3 2026") from None


class AuditFilterForm(SearchForm):
    listing = SelectField("Listing", widget=GovSelect(), validate_choice=False)
    person = SelectField("Person", widget=GovSelect(), validate_choice=False)
    since = _Date(
        "From", widget=GovDateInput(), format="%d %m %Y", validators=[Optional()], description="For example, 27 3 2026"
    )
    until = _Date(
        "To", widget=GovDateInput(), format="%d %m %Y", validators=[Optional()], description="For example, 31 3 2026"
    )
    submit = SubmitField("Show events", widget=GovSubmitInput())

    def validate_until(self, field: DateField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The 'to' date must be the same as or after the 'from' date")


def _number(value: str | None, allowed: set[str]) -> int | None:
    return int(value) if value and value in allowed else None


@bp.get("/admin/audit")
@role_required("admin")
def audit_log() -> ResponseReturnValue:
    session = current_session()
    form = AuditFilterForm(formdata=request.args or None)
    form.listing.choices = [SelectChoice("", "Any listing")] + [SelectChoice(str(i), n) for i, n in listings(session)]
    form.person.choices = [SelectChoice("", "Anyone")] + [SelectChoice(str(i), e) for i, e in people(session)]
    entries = []
    if not request.args or form.validate():
        filters = Filters(
            listing=_number(form.listing.data, {str(c.value) for c in form.listing.choices}),
            person=_number(form.person.data, {str(c.value) for c in form.person.choices}),
            since=form.since.data,
            until=form.until.data,
        )
        entries = search(session, filters)
    return render_template(
        "partners/audit.html", title="Audit log", form=form, entries=entries, limit=LIMIT, welsh_labels=WELSH_LABELS
    )
