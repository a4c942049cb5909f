"""Each nation's general helplines for victims of any crime, for pages that cannot search.

The search-limit page (429) shows these: someone who has searched too often still gets a number to
call. They come from the directory, not from a list in the code: every active service whose purpose is
support after any crime (signpost.directory.vocabulary), whose service area is a whole nation, with a
phone number or a website.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from signpost.directory import index as directory_index
from signpost.directory.index import ANY_CRIME, DirectoryIndex
from signpost.directory.relevance import helps_victims
from signpost.directory.views import ServiceView
from signpost.directory.vocabulary import NATIONS, VICTIM_SUPPORT

NATION_NAMES = {"england": "England", "wales": "Wales", "scotland": "Scotland", "northern-ireland": "Northern Ireland"}


@dataclass(frozen=True)
class Helpline:
    name: str
    number: str | None  # the first voice number, as shown
    dial: str | None  # for the tel: link
    website: str | None
    checked_on: date | None


def _build(session: Session, index: DirectoryIndex) -> dict[str, list[Helpline]]:
    ids = {
        nation: [
            i
            for i in dict.fromkeys(f.service_id for f in index.coverage.get(("nation", nation), {}).get(ANY_CRIME, ()))
            if index.services[i].purpose == VICTIM_SUPPORT and helps_victims(index.services[i])
        ]
        for nation in NATIONS
    }
    views = index.service_views(session, [i for found in ids.values() for i in found])
    out: dict[str, list[Helpline]] = {}
    for nation, found in ids.items():
        lines = [line for i in found if (line := _helpline(views.get(i))) is not None]
        out[nation] = sorted(lines, key=lambda line: (line.number is None, line.name))
    return out


def _helpline(view: ServiceView | None) -> Helpline | None:
    """A service's first voice number and website, or None when it has neither (nothing to show)."""
    if view is None:
        return None
    voice = next((p for p in view.phones if p.kind == "voice"), None)
    if voice is None and not view.website:
        return None
    return Helpline(
        view.name, voice.number if voice else None, voice.dial if voice else None, view.website, view.checked_on
    )


# Worked out from an index, kept as long as that index is: a rebuilt index brings new helplines with it.
_helplines: weakref.WeakKeyDictionary[DirectoryIndex, dict[str, list[Helpline]]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _for_index(session: Session) -> dict[str, list[Helpline]]:
    index = directory_index.current(session)
    found = _helplines.get(index)
    if found is None:
        with _lock:
            found = _helplines.get(index)
            if found is None:
                found = _helplines[index] = _build(session, index)
    return found


def national_helplines(session: Session, hide_before: date) -> dict[str, list[Helpline]]:
    """Nation name -> its general helplines (those with a number first), leaving out listings not checked
    by a person since `hide_before`, exactly as the results page does."""
    return {
        NATION_NAMES[nation]: [h for h in lines if h.checked_on is None or h.checked_on >= hide_before]
        for nation, lines in _for_index(session).items()
    }
