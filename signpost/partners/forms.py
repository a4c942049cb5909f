"""Partner forms: sign-in, passwords, invitations and reviews. Listing edits are in listing_form.py."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, ValidationError

from signpost.forms import SafeForm


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class SignInForm(SafeForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        filters=[_strip],
        validators=[InputRequired("Enter your email address")],
    )
    password = PasswordField("Password", widget=GovPasswordInput(), validators=[InputRequired("Enter your password")])
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class SetPasswordForm(SafeForm):
    password = PasswordField(
        "Create a password",
        widget=GovPasswordInput(),
        description="Use 12 characters or more. A few unrelated words are easy to remember and hard to guess.",
    )
    confirm = PasswordField("Confirm your password", widget=GovPasswordInput())
    submit = SubmitField("Save password", widget=GovSubmitInput())

    def validate_confirm(self, field: PasswordField) -> None:
        if self.password.data and field.data != self.password.data:
            raise ValidationError("Enter the same password in both boxes")


class ResetRequestForm(SafeForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        filters=[_strip],
        validators=[
            InputRequired("Enter your email address"),
            Email("Enter an email address in the correct format, like name@example.com", check_deliverability=False),
        ],
    )
    submit = SubmitField("Send a reset link", widget=GovSubmitInput())


class InviteForm(SafeForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        filters=[_strip],
        validators=[
            InputRequired("Enter the person's email address"),
            Email("Enter an email address in the correct format, like name@example.com", check_deliverability=False),
        ],
    )
    role = RadioField(
        "What will they do?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice("editor", "Edit their organisation's listings"),
            SelectChoice("moderator", "Review changes (moderator)"),
            SelectChoice("admin", "Review changes and manage accounts (admin)"),
        ],
        validators=[InputRequired("Select what they will do")],
    )
    organisation = SelectField("Organisation", widget=GovSelect(), validate_choice=False)
    submit = SubmitField("Send invitation", widget=GovSubmitInput())

    def __init__(self, organisations: list[SelectChoice], *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.organisation.choices = [SelectChoice("", "Select an organisation"), *organisations]

    def validate_organisation(self, field: SelectField) -> None:
        allowed = {str(c.value) for c in field.choices if c.value}
        if self.role.data == "editor" and field.data not in allowed:
            raise ValidationError("Select the organisation this editor works for")


class ReviewForm(SafeForm):
    decision = RadioField(
        "Decision",
        widget=GovRadioInput(),
        choices=[SelectChoice("approve", "Approve and publish"), SelectChoice("reject", "Reject")],
        validators=[InputRequired("Select approve or reject")],
    )
    reason = TextAreaField(
        "Reason",
        widget=GovTextArea(),
        filters=[_strip],
        description="The editor sees this. Say what to change if you reject it.",
        validators=[Length(max=1000, message="Reason must be 1000 characters or fewer")],
    )
    submit = SubmitField("Save decision", widget=GovSubmitInput())

    def validate_reason(self, field: TextAreaField) -> None:
        if self.decision.data == "reject" and not field.data:
            raise ValidationError("Enter a reason for rejecting the change")


class ConfirmForm(SafeForm):
    """A button with only a CSRF token (sign out, still correct, retire)."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


class NameForm(SafeForm):
    name = StringField("Name", widget=GovTextInput(), filters=[_strip])
