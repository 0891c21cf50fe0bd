"""The jha-kg model: ontology, SHACL shapes, prefixes and the reference registry."""

from pathlib import Path

__all__ = ["ONTOLOGY_DIR", "ONTOLOGY_TTL", "REGISTRY_YAML", "SHAPES_TTL"]

ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_TTL = ONTOLOGY_DIR / "jha.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"
REGISTRY_YAML = ONTOLOGY_DIR / "registry.yaml"
