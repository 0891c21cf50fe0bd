"""jha-kg: the EU Justice and Home Affairs agencies' cooperation as a knowledge graph."""

__version__ = "0.1.0"
