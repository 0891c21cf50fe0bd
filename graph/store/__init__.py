"""The triple store and SPARQL plumbing: the interface, both backends, the query runner, formats."""
