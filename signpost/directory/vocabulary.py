"""The words a service record uses to say who it is for and what it does, and what the pages call them.

Ranking reads these, never service names or slugs: a new charity ranks where its record says it
belongs. The same lists validate the data files and the partner editor.
"""

from __future__ import annotations

NATIONS = ("england", "wales", "scotland", "northern-ireland")

# Who a service is for (`audience`, one or more).
VICTIMS = "victims"
PEOPLE_WHO_HARM = "people-who-harm"
CHILD_AUDIENCES = ("children-and-young-people", "adults-worried-about-a-child")
AUDIENCES = {
    VICTIMS: "People affected by crime",
    "witnesses": "Witnesses",
    "children-and-young-people": "Children and young people",
    "adults-worried-about-a-child": "Adults worried about a child",
    "anyone-with-information": "Anyone with information about a crime",
    PEOPLE_WHO_HARM: "People worried about their own behaviour",
}

# What a service is for (`purpose`, exactly one).
VICTIM_SUPPORT = "victim-support"  # support after any crime: the general service
SPECIALIST_SUPPORT = "specialist-support"  # support for the crime types it lists
PURPOSES = {
    VICTIM_SUPPORT: "Support after a crime",
    SPECIALIST_SUPPORT: "Specialist support for the crimes it lists",
    "someone-to-talk-to": "Someone to talk to",
    "report": "Report a crime",
    "report-anonymously": "Tell the police anonymously",
    "advice": "Practical or legal advice",
    "court-and-witness-support": "Help if you go to court or are a witness",
    "behaviour-change": "Help to change harmful behaviour",
}
SUPPORT_PURPOSES = (VICTIM_SUPPORT, SPECIALIST_SUPPORT)

# Whom (or which form of a crime) a service focuses on (`focus`, optional). A service with no focus
# is for everyone its audience names, so it comes before focused ones of the same kind.
FOCUS = {
    "women": "Women",
    "men": "Men",
    "lgbt-plus": "LGBT+ people",
    "older-people": "Older people",
    "young-people": "Young people",
    "black-and-minoritised": "Black and minoritised people",
    "disabled-people": "Disabled people",
    "honour-based-abuse": "Honour-based abuse and forced marriage",
    "online": "Crime online",
    "modern-slavery": "Modern slavery",
}

# Who an advice item speaks to (`audience` on advice items).
ADVICE_AUDIENCES = {"victims": "The person it happened to", "neighbours": "Neighbours and people nearby"}
