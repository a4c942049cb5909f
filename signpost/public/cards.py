"""The parts of a service's results card that depend only on the service, rendered once per cached view.

A results page shows up to 35 services; rendering every card from its template was about a third of
the cost of a page nobody had asked for before. Views are cached per data version (see
signpost.directory.index), so a card part can never outlive the data it shows: it is kept only as
long as its view object is.

A card is then joined from those parts, a frame cut from its macro once, and the few bits that vary from
page to page (open now, distance, "may be out of date"), each kept by what it reads.
"""

from __future__ import annotations

import re
import threading
import weakref
from types import SimpleNamespace
from weakref import WeakKeyDictionary

from flask import current_app, request
from jinja2.filters import do_urlencode
from markupsafe import Markup, escape

from signpost.directory.reference import Force
from signpost.directory.results import Results, ServiceResult
from signpost.directory.views import ServiceView
from signpost.i18n import current_language, localised_html
from signpost.public.card_skeleton import kept_part
from signpost.public.marks import between, keep

TEMPLATE = "public/partials/service.html"
MAX_SECTIONS = 128  # kept sections of a kind (languages x crimes x nations, or forces): a few dozen are live


class CardParts:
    """A service's card parts in one language, each rendered the first time a card asks for it: a local
    service's card never needs the "Start here" part, and a line shown only in Start here never the plain one.

    lead: "Start here": name, one line on what they do, a call button, other contacts
    top: name, description, who it is for, phones, email, website
    middle: weekly hours and places to visit
    checked: where the details came from and when they were checked
    """

    __slots__ = ("_view", "_kept")

    def __init__(self, view: ServiceView) -> None:
        self._view = weakref.ref(view)  # not the view itself: it is the key these parts are kept under
        self._kept: dict[str, Markup] = {}

    def _part(self, macro: str) -> Markup:
        found = self._kept.get(macro)
        if found is None:
            view = self._view()
            found = None
            if view is not None and current_app.config.get("SIGNPOST_KEEP_CARD_SHAPES", True):
                found = kept_part(macro, view)  # card_skeleton.py: the macro's text from what is kept
            if found is None:
                found = Markup(getattr(current_app.jinja_env.get_template(TEMPLATE).module, macro)(view))
            self._kept[macro] = found
        return found

    @property
    def lead(self) -> Markup:
        return self._part("card_lead")

    @property
    def top(self) -> Markup:
        return self._part("card_top")

    @property
    def middle(self) -> Markup:
        return self._part("card_middle")

    @property
    def checked(self) -> Markup:
        return self._part("card_checked")


# By view, then by language: a card's words depend on the page's language too.
_parts: WeakKeyDictionary[ServiceView, dict[str, CardParts]] = WeakKeyDictionary()
_lock = threading.Lock()


def card_parts(view: ServiceView, language: str | None = None) -> CardParts:
    language = language or current_language()
    found = _parts.get(view, {}).get(language)
    if found is None:
        found = CardParts(view)
        with _lock:
            found = _parts.setdefault(view, {}).setdefault(language, found)
    return found


# A card is card_frame (service.html) with its slots filled: the view's kept parts, and the bits that vary from
# page to page (open-now tag, distance, the end of the "Checked on" line), each the output of its own macro for
# what that macro reads, kept in a small table. So a card is a join, a few microseconds, instead of a macro call
# (about 75), and nothing more is kept per view than its parts. Kept for the process, as the templates are.
SLOT = Markup("<!--signpost-card-slot-->")
FRAME_SLOTS = 7  # local, main part, open tag, middle part, distance, checked part, end of the checked line
MAX_BITS = 2048  # (language, open-now message) pairs and distances to a tenth of a mile: a few hundred in use
_frames: dict[bool, tuple[str, ...] | None] = {}
_bits: dict[tuple[object, ...], str] = {}


def card(result: ServiceResult, lead: bool = False) -> Markup:
    """A service's card on the results page ("Start here" when `lead`): what service.html's lead_card and
    service_card macros give, joined from card_frame's pieces around its parts."""
    pieces = _frames[lead] if lead in _frames else _cut_frame(lead)
    if pieces is None:  # a frame without exactly its slots: the macros, as they are
        return _render(result, lead)
    language = current_language()
    parts = card_parts(result.service, language)
    status = result.open_status
    miles = None if result.distance_miles is None else f"{result.distance_miles:.1f}"  # as the macro shows it
    website = bool(result.service.website)
    filled = (
        "true" if result.local else "false",
        parts.lead if lead else parts.top,
        _bit("open_tag", result, (language, status.state, status.message, status.message_cy)),
        parts.middle,
        _bit("distance", result, (language, miles)),
        parts.checked,
        _bit("checked_end", result, (language, result.stale, website)),
    )
    return between(pieces, filled)


def _cut_frame(lead: bool) -> tuple[str, ...] | None:
    frame = current_app.jinja_env.get_template(TEMPLATE).module.card_frame  # type: ignore[attr-defined]
    pieces = tuple(str(frame(lead, *[SLOT] * FRAME_SLOTS)).split(SLOT))
    _frames[lead] = found = pieces if len(pieces) == FRAME_SLOTS + 1 else None
    return found


def _bit(macro: str, result: ServiceResult, reads: tuple[object, ...]) -> str:
    """service.html's `macro` for `result`, kept by `reads`: everything that macro reads of it and of the page."""
    key = (macro, *reads)
    found = _bits.get(key)
    if found is None:
        found = str(getattr(current_app.jinja_env.get_template(TEMPLATE).module, macro)(result))
        with _lock:
            if len(_bits) >= MAX_BITS:
                _bits.clear()
            _bits[key] = found
    return found


def _render(result: ServiceResult, lead: bool) -> Markup:
    macros = current_app.jinja_env.get_template(TEMPLATE).module
    return Markup(macros.lead_card(result) if lead else macros.service_card(result))  # type: ignore[attr-defined]


class _Marked:
    slug = "signpost-slug-mark"
    name = "signpost-name-mark"
    name_cy = name  # so a Welsh page's `cy` filter gives the bare mark too (the name goes in by localised_html)


SAFE_SLUG = re.compile(r"[a-z0-9-]+")  # url_for and the HTML escape leave these as they are
CRIME_MARK, AREA_MARK = "signpost-crime-mark", "signpost-area-mark"
MARKS = (CRIME_MARK, AREA_MARK, _Marked.slug, _Marked.name)
_report_samples: dict[tuple[str, str], str] = {}  # by language and script root: two or so


def _plain(value: str) -> bool:
    """Left as it is by url_for and escaping, and no mark in it."""
    return SAFE_SLUG.fullmatch(value) is not None and not any(mark in value for mark in MARKS)


class ReportLinks:
    """The results page's "Report a problem" links (service.html's report_link macro), one per card.

    The macro is rendered once per language for a marked stand-in service, crime and area, and kept; a page
    puts its crime and area in for the marks and cuts it where the slug and name go. Each card's link is
    then the pieces with the service's slug and escaped name between them, the same text the macro gives
    (url_for, then escaping, leave a slug of [a-z0-9-] unchanged): 4 us a link instead of 20, and no macro
    call a page. Any other slug, or a crime or area that holds a mark, is rendered by the macro itself.
    """

    def __init__(self, crime: str, area: str) -> None:
        self._macro = current_app.jinja_env.get_template(TEMPLATE).module.report_link  # type: ignore[attr-defined]
        self._crime, self._area = crime, area
        self._pieces: tuple[str, str, str] | None = None
        sample = self._sample() if _plain(crime) and _plain(area) else None
        if sample is not None:
            sample = sample.replace(CRIME_MARK, crime).replace(AREA_MARK, area)
        else:
            sample = str(self._macro(_Marked, crime, area))
        if sample.count(_Marked.slug) == 1 and sample.count(_Marked.name) == 1:
            head, rest = sample.split(_Marked.slug)
            if _Marked.name in rest:
                middle, tail = rest.split(_Marked.name)
                self._pieces = (head, middle, tail)

    def _sample(self) -> str | None:
        """The macro for the marked service, crime and area, if each mark shows once (else None)."""
        key = (current_language(), request.script_root)
        found = _report_samples.get(key)
        if found is None:
            found = str(self._macro(_Marked, CRIME_MARK, AREA_MARK))
            keep(_report_samples, key, found, MAX_SECTIONS)
        if found.count(CRIME_MARK) != 1 or found.count(AREA_MARK) != 1:
            return None
        return found

    def link(self, view: ServiceView) -> Markup:
        if self._pieces is None or not SAFE_SLUG.fullmatch(view.slug):
            return Markup(self._macro(view, self._crime, self._area))
        return Markup(self._pieces[0] + self.after_head(view))

    @property
    def ends(self) -> tuple[str, str] | None:
        """What a link has between the slug and the name and after the name (the same for every page in a
        language); None when every link is rendered by the macro."""
        return None if self._pieces is None else self._pieces[1:]

    @property
    def head(self) -> str:
        """What every link has before the slug: the page's crime and area are in it. Only with `ends`."""
        assert self._pieces is not None
        return self._pieces[0]

    def after_head(self, view: ServiceView) -> str:
        """A service's link after its head (a slug of SAFE_SLUG only): the same for every page in a language."""
        assert self._pieces is not None
        _, middle, tail = self._pieces
        return "".join((view.slug, middle, str(localised_html(view, "name")), tail))

    def __call__(self, card_html: Markup, view: ServiceView) -> Markup:
        """The card with its <!--report--> slot filled (escaped text cannot hold the slot: `<` is escaped)."""
        return card_html.replace("<!--report-->", self.link(view))


# What to do next, Protect yourself and Your rights read the same on every page of a crime and nation in a
# language: they come from reference data alone, so they are kept by its version (and the script root, for
# the one link). At most MAX_SECTIONS, oldest out.
ADVICE_TEMPLATE = "public/partials/advice_and_rights.html"
_advice: dict[tuple[object, ...], Markup] = {}


def kept_advice(results: Results, versions: tuple[int, int, int]) -> Markup:
    """The advice and rights part of a results page (advice_and_rights.html)."""
    key = (current_language(), request.script_root, versions[2], results.crime.slug, results.nation)
    found = _advice.get(key)
    if found is None:
        macros = current_app.jinja_env.get_template(ADVICE_TEMPLATE).module
        found = Markup(macros.advice_and_rights(results))  # type: ignore[attr-defined]
        keep(_advice, key, found, MAX_SECTIONS)
    return found


# Who to call now (emergency.html): the same on every page of a language and police force (and the forces
# that share the area), so it is kept by those; a Force reads as its fields. At most MAX_SECTIONS, oldest out.
EMERGENCY_TEMPLATE = "public/partials/emergency.html"
_emergency: dict[tuple[object, ...], Markup] = {}


def kept_emergency(force: Force | None, other_forces: list[Force]) -> Markup:
    """The results page's "If you are in danger now" box, as including emergency.html gives it."""
    key = (current_language(), force, tuple(other_forces))
    found = _emergency.get(key)
    if found is None:
        template = current_app.jinja_env.get_template(EMERGENCY_TEMPLATE)
        found = Markup(template.render(force=force, other_forces=other_forces))
        keep(_emergency, key, found, MAX_SECTIONS)
    return found


# "On this page" reads five yes-or-nos and two counts of the page's results: rendered once for each set of
# yes-or-nos with marks for the counts (letters only: escaping leaves them), kept cut at them, and each page's
# counts filled in. At most MAX_CONTENTS (a language's 32 sets, under 1 KB each), oldest out.
PARTS_TEMPLATE = "public/partials/results_parts.html"
MAX_CONTENTS = 64
CONTENTS_MARKS = {"signpostmarklocal": 0, "signpostmarkhelplines": 1}
_contents: dict[tuple[object, ...], tuple[list[str], list[int]]] = {}


def kept_contents(results: Results) -> Markup:
    """The results page's "On this page" list (results_parts.html's contents macro)."""
    local, helplines = CONTENTS_MARKS
    key = (
        current_language(),
        bool(results.place),
        bool(results.local_total),
        bool(results.groups),
        bool(results.next_steps),
        bool(results.prevention),
    )
    pieces = _contents.get(key)
    if pieces is None:
        _, place, local_total, groups, next_steps, prevention = key
        marked = SimpleNamespace(
            place=place,
            local_total=local_total and local,
            groups=groups,
            helpline_count=helplines,
            next_steps=next_steps,
            prevention=prevention,
        )
        macros = current_app.jinja_env.get_template(PARTS_TEMPLATE).module
        pieces = _cut_at_marks(str(macros.contents(marked)), CONTENTS_MARKS)  # type: ignore[attr-defined]
        keep(_contents, key, pieces, MAX_CONTENTS)
    return _filled(pieces, (str(results.local_total), str(results.helpline_count)))


def _cut_at_marks(text: str, marks: dict[str, int]) -> tuple[list[str], list[int]]:
    """`text` cut at `marks`, and for each cut the number of the value that goes there."""
    pieces = re.split(f"({'|'.join(marks)})", text)
    return pieces[0::2], [marks[mark] for mark in pieces[1::2]]


def _filled(cut: tuple[list[str], list[int]], values: tuple[str, ...]) -> Markup:
    """Text cut by _cut_at_marks with each value in its slots."""
    texts, slots = cut
    return between(texts, (values[slot] for slot in slots))


# "Save or share this page" is the same in a language but for the page's link and title: rendered once for marks
# (letters only, so urlencode and escaping leave them as they are) and kept cut at them; each page fills in its
# own, escaped and urlencoded as the macro would. Kept by language and script root (the links after it).
SHARE_MARKS = {"signpostmarkurl": 0, "signpostmarkquery": 1, "signpostmarktitle": 2}
_share: dict[tuple[str, str], tuple[list[str], list[int]]] = {}


def kept_share(title: str, share_url: str) -> Markup:
    """The results page's share section (results_parts.html's share macro) for this page's title and link."""
    key = (current_language(), request.script_root)
    pieces = _share.get(key)
    if pieces is None:
        macros = current_app.jinja_env.get_template(PARTS_TEMPLATE).module
        pieces = _cut_at_marks(str(macros.share(*SHARE_MARKS)), SHARE_MARKS)  # type: ignore[attr-defined]
        keep(_share, key, pieces, MAX_SECTIONS)
    values = (str(escape(share_url)), str(escape(do_urlencode(share_url))), str(escape(do_urlencode(title))))
    return _filled(pieces, values)
