"""The feedback rules: what is taken out of a report, what a report and a suggestion must hold, who may
close or resolve them. On an in-memory SQLite database built from the models (no app, no HTTP)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from signpost.feedback import reports, suggestions
from signpost.feedback.privacy import without_personal_details
from signpost.models import AuditEvent, Base, Organisation, Service, User

TODAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 3, 0)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("I live at LN1 3AA", "I live at [postcode removed]"),
        ("ln13aa and SW1A 1AA", "[postcode removed] and [postcode removed]"),
        ("email me: jo.bloggs+x@example.co.uk please", "email me: [email address removed] please"),
        # What is not personal stays: a district, a sector, the listing's own phone number, a time.
        ("Does not cover LN1 or LN1 3", "Does not cover LN1 or LN1 3"),
        ("0800 123 4567 rang out at 10:30", "0800 123 4567 rang out at 10:30"),
    ],
)
def test_personal_details_are_taken_out(typed: str, kept: str) -> None:
    assert without_personal_details(typed) == kept


@pytest.fixture
def session() -> Iterator[Session]:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as found:
        yield found
    engine.dispose()


def _org(session: Session, slug: str) -> Organisation:
    org = Organisation(slug=slug, name=slug.title())
    session.add(org)
    return org


def _service(session: Session, slug: str, org: Organisation, status: str = "active") -> Service:
    service = Service(slug=slug, name=slug.title(), description="Help.", organisation=org, status=status)
    session.add(service)
    session.flush()
    return service


def _user(session: Session, email: str, role: str, org: Organisation | None = None) -> User:
    user = User(email=email, role=role, organisation=org, created_at=NOW, active=True, password_hash="x")
    session.add(user)
    session.flush()
    return user


def test_only_active_listings_can_be_reported(session: Session) -> None:
    org = _org(session, "victim-lincs")
    _service(session, "open-one", org)
    _service(session, "gone", org, status="retired")
    assert reports.reportable(session, "open-one") is not None
    assert reports.reportable(session, "gone") is None
    assert reports.reportable(session, "never-was") is None


def test_a_report_keeps_the_day_and_what_was_wrong_without_personal_details(session: Session) -> None:
    service = _service(session, "line", _org(session, "org"))
    report = reports.report_problem(session, service, "area", "  Not LN1 3AA  ", TODAY)
    blank = reports.report_problem(session, service, "closed", "   ", TODAY)
    session.flush()
    assert (report.problem, report.detail, report.reported_on, report.status) == (
        "area",
        "Not [postcode removed]",
        TODAY,
        "open",
    )
    assert blank.detail is None
    with pytest.raises(reports.ReportRefused):
        reports.report_problem(session, service, "rude", "", TODAY)
    with pytest.raises(reports.ReportRefused):
        reports.report_problem(session, service, "other", "x" * (reports.DETAIL_MAX + 1), TODAY)


def test_editors_see_and_count_only_their_organisations_reports(session: Session) -> None:
    org_a, org_b = _org(session, "a"), _org(session, "b")
    a1, a2, b1 = _service(session, "a1", org_a), _service(session, "a2", org_a), _service(session, "b1", org_b)
    for service, problem in ((a1, "number"), (a1, "closed"), (a2, "other"), (b1, "area")):
        reports.report_problem(session, service, problem, "", TODAY)
    session.flush()
    editor_a = _user(session, "a@example.org", "editor", org_a)
    moderator = _user(session, "m@example.org", "moderator")
    orphan = _user(session, "o@example.org", "editor")
    assert reports.visible_organisation(moderator) is None
    assert reports.open_counts(session, reports.visible_organisation(editor_a)) == {a1.id: 2, a2.id: 1}
    assert reports.open_counts(session, None) == {a1.id: 2, a2.id: 1, b1.id: 1}
    assert reports.open_counts(session, reports.visible_organisation(orphan)) == {}
    groups = reports.reports_by_listing(session, org_a.id)
    assert [(g.service.slug, [r.problem for r in g.reports]) for g in groups] == [
        ("a1", ["closed", "number"]),  # most reports first, newest first within
        ("a2", ["other"]),
    ]
    b_id = reports.reports_by_listing(session, None, service_id=b1.id)[0].reports[0].id
    assert reports.visible_report(session, b_id, org_a.id) is None
    assert reports.visible_report(session, b_id, None) is not None


def test_closing_is_audited_once(session: Session) -> None:
    org = _org(session, "org")
    report = reports.report_problem(session, _service(session, "s", org), "number", "", TODAY)
    editor = _user(session, "e@example.org", "editor", org)
    session.flush()
    assert reports.close_report(session, report, editor, NOW) is True
    assert reports.close_report(session, report, editor, NOW) is False
    session.flush()
    assert (report.status, report.closed_at, report.closed_by_id) == ("closed", NOW, editor.id)
    events = list(session.scalars(select(AuditEvent)))
    assert [(e.action, e.actor_id, e.entity_id) for e in events] == [
        ("listing_report_closed", editor.id, str(report.id))
    ]
    assert reports.open_counts(session, None) == {}


KNOWN = {"burglary", "fraud"}


def _suggest(session: Session, **changes: object) -> suggestions.ServiceSuggestion:
    values: dict[str, object] = {
        "name": " Group ",
        "website": None,
        "contact_email": "a@example.org",
        "areas": "Lincoln",
        "crime_types": ["fraud", "burglary", "fraud"],
    } | changes
    return suggestions.suggest_service(session, known_crime_types=KNOWN, today=TODAY, **values)  # type: ignore[arg-type]


def test_a_suggestion_needs_a_name_an_email_areas_and_known_crime_types(session: Session) -> None:
    found = _suggest(session)
    assert (found.name, found.crime_types, found.status, found.suggested_on) == (
        "Group",
        ["fraud", "burglary"],
        "open",
        TODAY,
    )
    for bad in ({"name": "  "}, {"areas": ""}, {"contact_email": ""}, {"crime_types": []}, {"crime_types": ["x"]}):
        with pytest.raises(suggestions.SuggestionRefused):
            _suggest(session, **bad)


def test_only_admins_resolve_suggestions_once_each_and_the_queue_is_oldest_first(session: Session) -> None:
    first, second = _suggest(session, name="First"), _suggest(session, name="Second")
    session.flush()
    admin = _user(session, "admin@example.org", "admin")
    moderator = _user(session, "m@example.org", "moderator")
    assert [s.name for s in suggestions.suggestions(session)] == ["First", "Second"]
    assert suggestions.open_count(session) == 2
    with pytest.raises(suggestions.SuggestionRefused):
        suggestions.resolve(session, first, moderator, "done", NOW)
    with pytest.raises(suggestions.SuggestionRefused):
        suggestions.resolve(session, first, admin, "ignored", NOW)
    assert suggestions.resolve(session, first, admin, "declined", NOW) is True
    assert suggestions.resolve(session, first, admin, "done", NOW) is False
    session.flush()
    assert [s.name for s in suggestions.suggestions(session)] == ["Second"]
    assert [s.name for s in suggestions.suggestions(session, "declined")] == ["First"]
    assert [e.action for e in session.scalars(select(AuditEvent))] == ["service_suggestion_declined"]
    assert second.status == "open"
