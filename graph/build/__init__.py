"""The build pipeline: report records → RDF → the store; SHACL validation; exports."""
