"""Typed SQLAlchemy 2 models. Import from here: `from signpost.models import Service`."""

from signpost.models.base import Base
from signpost.models.content import Advice, Right, RightsCharter, RightsNote
from signpost.models.directory import (
    CrimeType,
    Location,
    OpeningHours,
    Organisation,
    Phone,
    ScheduleException,
    Service,
    ServiceArea,
    service_crime_type,
)
from signpost.models.feedback import ListingReport, ServiceSuggestion
from signpost.models.geography import LocalAuthority, PoliceForce, Postcode, PostcodeDistrict, PostcodeSector
from signpost.models.partners import (
    AuditEvent,
    AuditLogIsAppendOnly,
    ChangeRequest,
    OneTimeToken,
    PartnerSession,
    User,
)
from signpost.models.stats import DatasetFile, DirectoryVersion, SearchCount

__all__ = [
    "Advice",
    "AuditEvent",
    "AuditLogIsAppendOnly",
    "ChangeRequest",
    "Base",
    "CrimeType",
    "DatasetFile",
    "DirectoryVersion",
    "ListingReport",
    "LocalAuthority",
    "Location",
    "OneTimeToken",
    "OpeningHours",
    "Organisation",
    "PartnerSession",
    "Phone",
    "PoliceForce",
    "Postcode",
    "PostcodeDistrict",
    "PostcodeSector",
    "Right",
    "RightsCharter",
    "RightsNote",
    "ScheduleException",
    "SearchCount",
    "Service",
    "ServiceArea",
    "ServiceSuggestion",
    "User",
    "service_crime_type",
]
