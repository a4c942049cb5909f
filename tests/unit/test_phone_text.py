"""Numbers in a sentence of advice become links; instructions that look like numbers do not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signpost.directory.phone_text import split_numbers
from signpost.templating import first_sentence, nations_text, phone_links


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Call 999 now.", [("999", "999", "voice")]),
        ("Call 101 or textphone 18001 101.", [("101", "101", "voice"), ("18001 101", "18001101", "voice")]),
        ("Call the helpline on 0808 802 0300 for advice.", [("0808 802 0300", "08088020300", "voice")]),
        ("Report it on 0300 123 2040.", [("0300 123 2040", "03001232040", "voice")]),
        (
            "Ring 01522 532222 or 0808 2000 247.",
            [("01522 532222", "01522532222", "voice"), ("0808 2000 247", "08082000247", "voice")],
        ),
        ("Forward scam texts to 7726. It is free.", [("7726", "7726", "text")]),
        ("Samaritans: 116 123, day or night.", [("116 123", "116123", "voice")]),
        # Not numbers to call: a key to press during a call, a code to dial for the IMEI, a year, a count.
        ("Press 55 when you are asked.", []),
        ("Dial *#06# to find it.", []),
        ("In 1999 it changed.", []),
        ("In 2024 there were 400 metres.", []),
        ("Not a real number: 0800 000 0.", []),
    ],
)
def test_numbers_are_found_and_instructions_are_left_alone(text: str, numbers: list[tuple[str, str, str]]) -> None:
    found = [(s.text, s.dial, s.kind) for s in split_numbers(text) if s.is_number]
    assert found == numbers


@given(st.text(max_size=80))
def test_the_segments_join_back_into_the_text(text: str) -> None:
    assert "".join(s.text for s in split_numbers(text)) == text


def test_phone_links_escape_the_text_and_link_each_number() -> None:
    html = str(phone_links("Call <b>999</b> & then 0808 802 0300. Text 7726."))
    assert html == (
        'Call &lt;b&gt;<a class="govuk-link signpost-tel" href="tel:999">999</a>&lt;/b&gt; &amp; then '
        '<a class="govuk-link signpost-tel" href="tel:08088020300">0808 802 0300</a>. '
        'Text <a class="govuk-link signpost-tel" href="sms:7726">7726</a>.'
    )


def test_first_sentence_and_nation_lists() -> None:
    assert first_sentence("Free help for anyone. You do not have to report it.") == "Free help for anyone."
    assert first_sentence("No full stop at all") == "No full stop at all"
    assert nations_text(("scotland",)) == "Scotland"
    assert nations_text(("england", "wales")) == "England and Wales"
    assert nations_text(("england", "wales", "northern-ireland")) == "England, Wales and Northern Ireland"
