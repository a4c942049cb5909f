"""Admins' CSV export of every listing, and import of the same file (all-or-nothing, audited)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.file import FileAllowed, FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import SubmitField
from wtforms.validators import ValidationError

from signpost.clock import utcnow
from signpost.extensions import current_session
from signpost.forms import SafeForm
from signpost.listings.csv_export import export_services
from signpost.listings.csv_import import import_services
from signpost.listings.csv_rows import CsvInvalid
from signpost.partners.access import role_required
from signpost.partners.blueprint import bp


class ImportForm(SafeForm):
    file = FileField(
        "CSV file",
        widget=GovFileInput(),
        description="A file exported from this page, edited and saved as CSV (UTF-8).",
        validators=[
            FileRequired("Select a CSV file"),
            FileAllowed(["csv"], "The selected file must be a CSV"),
        ],
    )
    submit = SubmitField("Import listings", widget=GovSubmitInput())

    def validate_file(self, field: FileField) -> None:
        limit = current_app.config["SIGNPOST_CSV_MAX_MB"]
        size = len(field.data.read())
        field.data.seek(0)
        if size > limit * 1024 * 1024:
            raise ValidationError(f"The selected file must be smaller than {limit}MB")


@bp.get("/admin/export.csv")
@role_required("admin")
def export_csv() -> ResponseReturnValue:
    # A byte order mark, so spreadsheets read the file as UTF-8.
    geo_dir = Path(current_app.config["SIGNPOST_DATA_DIR"]) / "geo"
    body = "\ufeff" + export_services(current_session(), geo_dir)
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="signpost-listings-{date.today().isoformat()}.csv"'
    return response


@bp.route("/admin/import", methods=["GET", "POST"])
@role_required("admin")
def import_csv() -> ResponseReturnValue:
    form = ImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            text = form.file.data.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.file.errors = ["The selected file must be saved as CSV UTF-8"]
        else:
            session = current_session()
            geo_dir = Path(current_app.config["SIGNPOST_DATA_DIR"]) / "geo"
            try:
                report = import_services(
                    session, current_user, text, geo_dir, utcnow(), current_app.config["SIGNPOST_CSV_MAX_ROWS"]
                )
            except CsvInvalid as invalid:
                problems = [str(error) for error in invalid.errors]
                count = len(problems)
                form.file.errors = [
                    f"The file has {count} problem{'s' if count != 1 else ''}. Nothing was imported. "
                    "Fix them and upload the file again"
                ]
            else:
                flash(f"Import finished: {report.summary()}")
                return redirect(url_for("partners.import_csv"))
    errors = problems or [message for messages in form.errors.values() for message in messages]
    return render_template(
        "partners/import_csv.html", title="Import listings from a CSV file", upload=form, problems=errors
    )
