"""Read and validate the curated YAML files. Every problem is reported at once, naming file, record and field.

Each kind of record has its own module here; this one reads them all and checks what spans files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from signpost.dataset.errors import DataError, DatasetInvalid
from signpost.dataset.fields import RecordChecker
from signpost.dataset.geo_tables import GeoCodes, read_geo_codes
from signpost.dataset.records import Dataset, ServiceRecord
from signpost.dataset.schema.advice import read_advice
from signpost.dataset.schema.crime_types import read_crime_types
from signpost.dataset.schema.files import FileReader
from signpost.dataset.schema.hours import DAYS
from signpost.dataset.schema.police_forces import read_police_forces
from signpost.dataset.schema.rights import read_rights
from signpost.dataset.schema.services import check_service, read_services

__all__ = ["DAYS", "read_dataset", "validate_service"]


def read_dataset(data_dir: Path) -> Dataset:
    """Validate every file under data_dir; raise DatasetInvalid listing all errors if any."""
    errors: list[DataError] = []
    reader = FileReader(data_dir, errors, read_geo_codes(data_dir / "geo"))
    dataset = Dataset()

    dataset.crime_types = read_crime_types(reader)
    crime_slugs = {c.slug for c in dataset.crime_types}
    dataset.police_forces = read_police_forces(reader)
    for path in sorted((data_dir / "services").glob("*.yaml")):
        organisations, services = read_services(reader, path, crime_slugs)
        dataset.organisations += organisations
        dataset.services += services
    for path in sorted((data_dir / "advice").glob("*.yaml")):
        dataset.advice += read_advice(reader, path, crime_slugs)
    dataset.rights = read_rights(reader)

    _check_references(dataset, errors, reader.service_files, reader.sources)
    if errors:
        raise DatasetInvalid(errors)
    return dataset


def validate_service(
    data: dict[str, Any], crime_slugs: set[str], geo: GeoCodes, source: str = "listing"
) -> tuple[ServiceRecord | None, list[DataError]]:
    """Check one service in the data-file shape (a partner's edit) with exactly the rules the files follow."""
    errors: list[DataError] = []
    record = check_service(RecordChecker(source, str(data.get("id", "service")), data, errors), crime_slugs, geo)
    return record, errors


def _check_references(
    dataset: Dataset, errors: list[DataError], service_files: dict[str, str], sources: dict[str, dict[str, list[str]]]
) -> None:
    """Checks across files: unique ids and organisations that exist."""
    id_field = {"crime type": "slug", "police force": "code"}
    for kind, files_by_slug in sources.items():
        for slug, files in files_by_slug.items():
            for file in files[1:]:
                message = f"{kind} id {slug!r} is used more than once (also in {files[0]})"
                errors.append(DataError(file, slug, id_field.get(kind, "id"), message))
    organisations = {o.slug for o in dataset.organisations}
    for service in dataset.services:
        if service.organisation not in organisations:
            errors.append(
                DataError(
                    service_files.get(service.slug, "data/services"),
                    service.slug,
                    "organisation",
                    f"{service.organisation!r} is not an organisation in any data/services file",
                )
            )
