"""What the pages and the explorer show: payloads, charts, entity pages."""
