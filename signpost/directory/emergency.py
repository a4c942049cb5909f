"""Emergency and non-emergency police contacts, the same in every UK nation.

Sources (checked 2026-11-25 against stored copies of the pages):
- 999, textphone 18000, 999 BSL, emergencySMS: youth.devon-cornwall.police.uk "Contacting the police";
  warwickshire.police.uk/article/44060.
- Silent Solution (999 then 55 on a mobile): hpft.nhs.uk domestic abuse guidance; belfasttrust.hscni.net.
- 101 and textphone 18001 101: wiltshire.police.uk/index.php/contactus/3246.
"""

from __future__ import annotations

from dataclasses import dataclass

from signpost.translatable import N_


@dataclass(frozen=True)
class Contact:
    label: str
    number: str  # as shown
    dial: str  # for the tel: link
    detail: str


EMERGENCY = (
    Contact("Emergency", "999", "999", "Call 999 if you are in danger now or the crime is happening now."),
    Contact("Textphone", "18000", "18000", "Emergency textphone for people who are deaf or cannot speak."),
)
SILENT_SOLUTION = N_(
    "If you call 999 from a mobile and cannot speak, stay on the line and press 55 when asked. "
    "The call is put through to the police."
)
NON_EMERGENCY = (
    Contact("Non-emergency", "101", "101", "Call 101 to report a crime that is not an emergency. Calls cost 15p."),
    Contact("Textphone", "18001 101", "18001101", "Non-emergency textphone."),
)
