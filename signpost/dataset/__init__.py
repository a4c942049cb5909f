"""The curated dataset: YAML files in data/ -> validated records -> database."""
