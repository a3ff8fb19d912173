"""Document capture: scanner backends, file import, the page pipeline, PDF assembly."""
