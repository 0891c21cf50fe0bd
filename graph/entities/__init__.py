"""Read models of the graph's entities (activities, agencies) for the JSON API and the CLI."""
