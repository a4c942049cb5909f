"""The results page's "Other helplines" section, rendered once and kept.

The same cards under the same headings are on every page of a crime and nation at a given open-now state, so
the section is rendered once and kept, cut at its report slots: each card's "Report a problem" link names the
page's area, so the links are put in per page. A link is its head (up to the service's slug: the page's crime
and area) and the rest (the service's slug and name, the same on every page of a language), so the kept section
also holds its pieces joined with the rest of each link, and a page's section is its links' head between those
(one join, rather than a link made for each of some 25 helplines).

Kept by what its cards read of their results, plus the crime (its group titles name it). Each entry holds weak
references to the views it was rendered from and is used only while they are the very views on the page, so it
never outlives the data it shows. At most MAX_SECTIONS, oldest out.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from markupsafe import Markup

from signpost.directory.reference import Crime
from signpost.directory.results import HelplineGroup, ServiceResult
from signpost.directory.views import ServiceView
from signpost.i18n import current_language, localised
from signpost.public.cards import MAX_SECTIONS, SAFE_SLUG, ReportLinks
from signpost.public.marks import between, keep

HELPLINES_TEMPLATE = "public/partials/helplines.html"
REPORT_SLOT = "<!--report-->"


@dataclass(eq=False)
class _Section:
    views: tuple[weakref.ref[ServiceView], ...]  # the views its cards were rendered from, in page order
    pieces: tuple[str, ...]  # the section cut at its report slots
    plain_slugs: bool  # every link can be joined from pieces (ReportLinks.after_head)
    # The pieces with the rest of each link after its head, and the links' ends (ReportLinks.ends) they were
    # joined with: a page's section is its links' head between these.
    joined: tuple[tuple[str, str], tuple[str, ...]] | None = None

    def filled(self, report: ReportLinks, results: Sequence[ServiceResult]) -> Markup:
        ends = report.ends
        if ends is None or not self.plain_slugs:
            return between(self.pieces, (report.link(r.service) for r in results))
        joined = self.joined
        if joined is None or joined[0] != ends:
            rests = (report.after_head(r.service) for r in results)
            joined = self.joined = (
                ends,
                (self.pieces[0], *(rest + piece for rest, piece in zip(rests, self.pieces[1:], strict=True))),
            )
        return Markup(report.head.join(joined[1]))


_sections: dict[tuple[object, ...], _Section] = {}


# The section last used for each language and crime, with the groups it was used for: pages of a crime and
# nation share one list of groups while their results stand (signpost.directory.search keeps it), so the next such
# page finds its section without a key made from every card. Holds the groups (so their id cannot be reused).
_last: dict[tuple[str, str, str], tuple[list[HelplineGroup], _Section]] = {}


def other_helplines(groups: list[HelplineGroup], crime: Crime, report: ReportLinks) -> Markup:
    """The results page's "Other helplines" section (helplines.html's macro), with its report links."""
    results = [r for group in groups for r in group.services]
    words = (current_language(), crime.slug, localised(crime, "name"))  # the group titles read the crime
    last = _last.get(words)
    if last is not None and last[0] is groups:
        return last[1].filled(report, results)
    if any(r.distance_miles is not None for r in results):  # differs from place to place: not worth keeping
        return _section(groups, crime, report)
    key = (*words, tuple((g.key, tuple(_card_key(r) for r in g.services)) for g in groups))
    found = _sections.get(key)
    if found is None or any(ref() is not r.service for ref, r in zip(found.views, results, strict=True)):
        pieces = tuple(str(_section(groups, crime, lambda card_html, view: card_html)).split(REPORT_SLOT))
        if len(pieces) != len(results) + 1:  # a card without exactly one slot: fill it the slow way
            return _section(groups, crime, report)
        plain = all(SAFE_SLUG.fullmatch(r.service.slug) for r in results)
        found = _Section(tuple(weakref.ref(r.service) for r in results), pieces, plain)
        keep(_sections, key, found, MAX_SECTIONS)
    keep(_last, words, (groups, found), MAX_SECTIONS)
    return found.filled(report, results)


def _card_key(result: ServiceResult) -> tuple[object, ...]:
    status = result.open_status
    return (result.service.id, result.local, status.state, status.message, status.message_cy, result.stale)


def _section(groups: list[HelplineGroup], crime: Crime, fill: object) -> Markup:
    macros = current_app.jinja_env.get_template(HELPLINES_TEMPLATE).module
    return Markup(macros.other_helplines(groups, crime, fill))  # type: ignore[attr-defined]
