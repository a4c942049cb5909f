"""Report a problem and suggest a service in Welsh, reached from Welsh pages: labels, hints, error messages
and confirmation pages in Welsh at /cy/, links that stay in Welsh, and still no cookie."""

from __future__ import annotations

import re

from flask import Flask

from tests.integration.test_feedback import REPORT_A, SUGGEST, Public, _reports, _suggestion, _suggestions
from tests.integration.test_welsh import english_left
from tests.support.partners import SERVICE_A, error_messages, summary_errors

pytest_plugins = ["tests.support.partners"]

WELSH_REPORT = f"/cy{REPORT_A}"
WELSH_SUGGEST = f"/cy{SUGGEST}"


def test_welsh_results_link_to_the_welsh_forms_in_welsh(portal: Flask) -> None:
    html = Public(portal).get("/cy/support/burglary/ln1-3")
    assert re.search(
        rf'href="/cy/report-a-problem/burglary/ln1-3/{SERVICE_A}">Rhoi gwybod am broblem'
        r'<span class="govuk-visually-hidden"> gyda’r cofnod ar gyfer <span lang="en">Victim Lincs</span></span></a>',
        html,
    )
    assert 'href="/cy/suggest-a-service">Awgrymu gwasanaeth<span class="govuk-visually-hidden"> sydd ar goll' in html
    assert ">Report a problem<" not in html and ">Suggest a service<" not in html
    data_sources = Public(portal).get("/cy/data-sources")
    assert 'A oes gwasanaeth ar goll? <a class="govuk-link" href="/cy/suggest-a-service">Awgrymu gwasanaeth</a>' in (
        data_sources
    )


def test_the_welsh_report_form_is_in_welsh(portal: Flask) -> None:
    visitor = Public(portal)
    html = visitor.get(WELSH_REPORT)
    assert '<html lang="cy"' in html
    assert "<title>Rhoi gwybod am broblem gyda Victim Lincs &ndash; Signpost</title>" in html
    assert 'Rhoi gwybod am broblem gyda <span lang="en">Victim Lincs</span>' in html  # no Welsh name: marked English
    assert "Beth sy’n anghywir gyda’r cofnod hwn?" in html
    for label in ("Nid oedd y rhif ffôn yn gweithio", "Mae’r gwasanaeth wedi cau", "Nid yw’n cwmpasu fy ardal i"):
        assert label in html, label
    assert "Dywedwch ragor wrthym (dewisol)" in html and "Peidiwch â chynnwys manylion personol" in html
    # The character count's own messages, which GOV.UK Frontend has in English only.
    assert "Gallwch roi hyd at 500 nod" in html
    assert 'data-i18n.characters-under-limit.other="Mae gennych %{count} nod ar ôl"' in html
    assert 'data-i18n.characters-under-limit.two="Mae gennych %{count} nod ar ôl"' in html
    assert 'data-i18n.characters-over-limit.other="Mae gennych %{count} nod yn ormod"' in html
    assert 'action="/cy/report-a-problem/burglary/ln1-3/' in html
    assert 'href="/cy/support/burglary/ln1-3">Mynd yn ôl i’r help a gawsoch chi</a>' in html
    assert english_left(html) == []
    for english in ("What is wrong", "Tell us more", "Send report", "personal details", "You have", "You can enter"):
        assert english not in html, english


def test_welsh_report_errors_are_in_welsh_and_keep_what_was_typed(portal: Flask) -> None:
    visitor = Public(portal)
    status, _, html = visitor.post(WELSH_REPORT, {"detail": "Roedd y rhif yn canu"})
    assert status == 200
    assert "<title>Gwall: " in html and "Mae problem wedi codi" in html
    assert summary_errors(html) == ["Dewiswch beth sy’n anghywir gyda’r cofnod hwn"]
    assert error_messages(html)["problem"].endswith("Dewiswch beth sy’n anghywir gyda’r cofnod hwn")
    assert '<span class="govuk-visually-hidden">Gwall:</span>' in html
    assert "Roedd y rhif yn canu</textarea>" in html
    status, _, html = visitor.post(WELSH_REPORT, {"problem": "closed", "detail": "x" * 501})
    assert summary_errors(html) == ["Dywedwch ragor wrthym mewn 500 nod neu lai"]
    assert '<span class="govuk-visually-hidden">Gwall:</span>' in html
    assert english_left(html) == []
    assert _reports(portal) == [] and visitor.cookies == []


def test_a_welsh_report_without_the_pages_token_is_refused_in_welsh(portal: Flask) -> None:
    status, _, html = Public(portal).post(WELSH_REPORT, {"problem": "closed"}, token=False)
    assert status == 200
    assert summary_errors(html) == ["Ni anfonwyd dim. Anfonwch y ffurflen o’r dudalen hon"]


def test_a_welsh_report_is_stored_and_thanked_in_welsh(portal: Flask) -> None:
    visitor = Public(portal)
    status, where, _ = visitor.post(WELSH_REPORT, {"problem": "area"})
    assert status == 303 and where == f"{WELSH_REPORT}/sent"
    thanks = visitor.get(where)
    assert '<html lang="cy"' in thanks
    assert '<h1 class="govuk-panel__title">Diolch am eich adroddiad</h1>' in thanks
    assert "Rydyn ni wedi’i anfon at y bobl sy’n cadw’r cofnod ar gyfer" in thanks
    assert 'href="/cy/support/burglary/ln1-3">Mynd yn ôl i’r help a gawsoch chi</a>' in thanks
    assert english_left(thanks) == []
    [report] = _reports(portal)
    assert report.problem == "area"  # stored as the English does: the language is not kept
    assert visitor.cookies == []


def test_the_welsh_suggestion_form_is_in_welsh(portal: Flask) -> None:
    html = Public(portal).get(WELSH_SUGGEST)
    assert '<html lang="cy"' in html
    assert '<h1 class="govuk-heading-l">Awgrymu gwasanaeth</h1>' in html
    for text in (
        "Enw’r gwasanaeth neu’r sefydliad",
        "Gwefan (dewisol)",
        "Cyfeiriad e-bost cyswllt",
        "Pa ardaloedd y mae’n eu cwmpasu?",
        "Gyda pha droseddau y mae’n helpu?",
        "Dewiswch bob un sy’n berthnasol.",
        "Byrgleriaeth",  # the crime types by their Welsh names
        "Anfon yr awgrym",
    ):
        assert text in html, text
    assert 'action="/cy/suggest-a-service"' in html
    assert english_left(html) == []
    for english in ("Name of the service", "Website (optional)", "Which crimes", "Send suggestion"):
        assert english not in html, english


def test_welsh_suggestion_errors_are_in_welsh_and_keep_what_was_typed(portal: Flask) -> None:
    typed = _suggestion(name="", website="not a website", contact_email="hello at example", areas="", crime_types=[])
    status, _, html = Public(portal).post(WELSH_SUGGEST, typed)
    assert status == 200
    assert summary_errors(html) == [
        "Rhowch enw’r gwasanaeth neu’r sefydliad",
        "Rhowch gyfeiriad y wefan yn y fformat cywir, fel https://www.example.org",
        "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@example.org",
        "Rhowch yr ardaloedd y mae’r gwasanaeth yn eu cwmpasu",
        "Dewiswch y troseddau y mae’r gwasanaeth yn helpu gyda nhw",
    ]
    assert html.count('<span class="govuk-visually-hidden">Gwall:</span>') == 5
    assert 'value="not a website"' in html and 'value="hello at example"' in html
    assert english_left(html) == []
    # A control character is named in Welsh, with the field's Welsh noun.
    status, _, html = Public(portal).post(WELSH_SUGGEST, _suggestion(name="Grŵp\x00 Cymorth"))
    assert status == 200
    [message] = summary_errors(html)
    assert message.startswith("Ni ddylai enw’r gwasanaeth neu’r sefydliad gynnwys nod NUL")
    assert _suggestions(portal) == []


def test_a_welsh_suggestion_is_stored_and_thanked_in_welsh(portal: Flask) -> None:
    visitor = Public(portal)
    status, where, _ = visitor.post(WELSH_SUGGEST, _suggestion())
    assert status == 303 and where == "/cy/suggest-a-service/sent"
    thanks = visitor.get(where)
    assert '<h1 class="govuk-panel__title">Diolch am eich awgrym</h1>' in thanks
    assert 'href="/cy/">Dod o hyd i help ar ôl trosedd</a>' in thanks
    assert english_left(thanks) == []
    assert len(_suggestions(portal)) == 1 and visitor.cookies == []
