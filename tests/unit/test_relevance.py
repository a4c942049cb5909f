"""Which services lead a results page: decided from each record's words, never its name or slug."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from signpost.directory.coverage import RANK
from signpost.directory.relevance import Covering, arrange, group_of, helps_victims

ENGLAND = frozenset({"england"})
GB = frozenset({"england", "wales", "scotland"})
UK = frozenset({"england", "wales", "scotland", "northern-ireland"})


@dataclass(frozen=True)
class Meta:
    name: str
    all_crime_types: bool = False
    crime_types: frozenset[str] = frozenset({"domestic-abuse"})
    audience: frozenset[str] = frozenset({"victims"})
    purpose: str = "specialist-support"
    focus: frozenset[str] = field(default_factory=frozenset)
    has_phone: bool = True
    nations: frozenset[str] = frozenset()
    verified: bool = True
    always_open: bool = False


_ids = iter(range(1, 10_000))


def local(
    meta: Meta, rank: str = "police_force_area", distance: float = math.inf, crime: str = "domestic-abuse"
) -> Covering:
    return Covering(next(_ids), meta, RANK[rank], distance, crime in meta.crime_types)


def national(meta: Meta, crime: str = "domestic-abuse") -> Covering:
    return Covering(next(_ids), meta, RANK["nation"], math.inf, crime in meta.crime_types)


GENERAL_LINE = Meta(
    "A general line", all_crime_types=True, crime_types=frozenset(), purpose="victim-support", nations=GB
)
LOCAL_GENERAL = Meta("B local victim service", all_crime_types=True, crime_types=frozenset(), purpose="victim-support")
LOCAL_DA = Meta("C local domestic abuse service")
NATIONAL_DA = Meta("D national domestic abuse line", focus=frozenset({"women"}), nations=ENGLAND)
MENS_LINE = Meta("E men's line", focus=frozenset({"men"}), nations=GB)
HONOUR_LINE = Meta("F honour-based abuse line", focus=frozenset({"honour-based-abuse"}), nations=UK)
HARM_LINE = Meta(
    "G line for people who harm", audience=frozenset({"people-who-harm"}), purpose="behaviour-change", nations=UK
)
CHILD_LINE = Meta(
    "H children's line", all_crime_types=True, audience=frozenset({"children-and-young-people"}),
    purpose="someone-to-talk-to", nations=UK,
)  # fmt: skip
TALK_LINE = Meta("I someone to talk to", all_crime_types=True, purpose="someone-to-talk-to", nations=UK)
ANON_LINE = Meta(
    "J anonymous line", all_crime_types=True, audience=frozenset({"anyone-with-information"}),
    purpose="report-anonymously", nations=UK,
)  # fmt: skip


def names(coverings: list[Covering]) -> list[str]:
    return [c.meta.name for c in coverings]


def test_a_local_service_for_the_crime_leads_then_the_nations_line_for_it() -> None:
    arranged = arrange(
        [national(m) for m in (GENERAL_LINE, NATIONAL_DA, MENS_LINE, HONOUR_LINE, HARM_LINE, CHILD_LINE)]
        + [local(LOCAL_GENERAL), local(LOCAL_DA)]
    )
    assert names(arranged.start_here) == [LOCAL_DA.name, NATIONAL_DA.name]
    # The local general service is still on the page, with the other local services.
    assert names(arranged.local) == [LOCAL_GENERAL.name]


def test_the_general_line_leads_when_nothing_local_covers_the_place() -> None:
    arranged = arrange([national(m) for m in (TALK_LINE, GENERAL_LINE, NATIONAL_DA)])
    assert names(arranged.start_here) == [NATIONAL_DA.name, GENERAL_LINE.name]
    assert arranged.local == []


def test_the_general_line_also_leads_when_the_local_service_cannot_be_phoned() -> None:
    website_only = Meta("K local service, website only", has_phone=False)
    arranged = arrange([local(website_only), national(GENERAL_LINE)])
    assert names(arranged.start_here) == [website_only.name, GENERAL_LINE.name]


def test_a_local_service_you_can_phone_comes_before_one_you_cannot() -> None:
    website_only = Meta("A website only", has_phone=False)
    arranged = arrange([local(website_only), local(Meta("Z phone"))])
    assert names(arranged.start_here) == ["Z phone"]


def test_for_a_crime_with_no_specialist_line_the_local_general_service_alone_leads() -> None:
    burglary = [
        local(LOCAL_GENERAL, crime="burglary"),
        national(GENERAL_LINE, crime="burglary"),
        national(TALK_LINE, crime="burglary"),
    ]
    assert names(arrange(burglary).start_here) == [LOCAL_GENERAL.name]


def test_lines_for_people_who_harm_are_never_shown_as_help_for_victims() -> None:
    assert not helps_victims(HARM_LINE)
    assert group_of(HARM_LINE) is None
    arranged = arrange([national(HARM_LINE), national(NATIONAL_DA)])
    shown = names(arranged.start_here) + [name for _, members in arranged.groups for name in names(members)]
    assert HARM_LINE.name not in shown


def test_a_line_for_one_form_of_the_crime_never_leads_but_a_line_for_a_group_of_people_can() -> None:
    assert names(arrange([national(HONOUR_LINE)]).start_here) == []
    assert names(arrange([national(MENS_LINE)]).start_here) == [MENS_LINE.name]


def test_a_line_for_this_nation_alone_comes_before_one_shared_by_several() -> None:
    # Both focus on a group of people; the one for England only is England's own line.
    assert names(arrange([national(MENS_LINE), national(NATIONAL_DA)]).start_here) == [NATIONAL_DA.name]


def test_reporting_routes_lead_only_where_no_support_line_exists_for_the_crime() -> None:
    report = Meta("A report it", crime_types=frozenset({"fraud"}), purpose="report", nations=ENGLAND)
    support = Meta("Z fraud support", crime_types=frozenset({"fraud"}), nations=ENGLAND)
    assert names(arrange([national(report, "fraud")]).start_here) == [report.name]
    assert names(arrange([national(report, "fraud"), national(support, "fraud")]).start_here)[0] == support.name


def test_other_helplines_are_grouped_by_purpose_in_page_order() -> None:
    lines = [national(m) for m in (ANON_LINE, CHILD_LINE, TALK_LINE, GENERAL_LINE, MENS_LINE, NATIONAL_DA, HARM_LINE)]
    arranged = arrange([*lines, local(LOCAL_DA)])
    assert names(arranged.start_here) == [LOCAL_DA.name, NATIONAL_DA.name]
    groups = {key: names(members) for key, members in arranged.groups}
    assert list(groups) == ["specialist", "victim-support", "someone-to-talk-to", "children", "report-anonymously"]
    assert groups["specialist"] == [MENS_LINE.name]  # the England line leads, so it is not repeated
    assert groups["victim-support"] == [GENERAL_LINE.name]  # a local service can be phoned: the line waits here
    assert groups["children"] == [CHILD_LINE.name]
    # With nothing local, the general line leads instead, and is not repeated in its group.
    without_local = arrange(lines)
    assert names(without_local.start_here) == [NATIONAL_DA.name, GENERAL_LINE.name]
    assert "victim-support" not in {key for key, _ in without_local.groups}


def test_local_services_list_the_nearest_walk_in_place_first() -> None:
    far = Meta("A far", all_crime_types=True, crime_types=frozenset(), purpose="victim-support")
    near = Meta("Z near", all_crime_types=True, crime_types=frozenset(), purpose="victim-support")
    no_place = Meta("M no place", all_crime_types=True, crime_types=frozenset(), purpose="victim-support")
    arranged = arrange([local(LOCAL_DA), local(far, distance=9.0), local(near, distance=1.5), local(no_place)])
    assert names(arranged.start_here) == [LOCAL_DA.name]
    assert names(arranged.local) == [near.name, far.name, no_place.name]


def test_facts_seen_on_the_services_own_page_and_24_hour_help_break_ties() -> None:
    secondary = Meta("A secondary", verified=False, always_open=True)
    daytime = Meta("B daytime")
    always = Meta("C always open", always_open=True)
    assert names(arrange([local(secondary), local(daytime), local(always)]).start_here) == [always.name]


def test_putting_only_the_first_few_local_services_in_order_gives_the_same_first_few() -> None:
    import random

    rng = random.Random(8)
    # Ties on purpose: equal distances and equal names, where only a stable order keeps the same answer.
    candidates = [
        local(Meta(f"Service {rng.randrange(40)}", has_phone=rng.random() < 0.8), distance=float(rng.randrange(30)))
        for _ in range(300)
    ] + [national(NATIONAL_DA), national(GENERAL_LINE)]
    rng.shuffle(candidates)
    full = arrange(candidates)
    assert full.local_count == len(full.local) > 250
    for first in (0, 1, 5, 10, 295, 400):
        partial = arrange(candidates, first_local=first)
        assert partial.local == full.local[:first]
        assert partial.local_count == full.local_count
        assert (partial.start_here, partial.groups, partial.general) == (full.start_here, full.groups, full.general)
