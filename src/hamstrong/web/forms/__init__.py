"""Form parsing, one module per router: submitted fields in, core values (or InvalidInput naming
each field) out. ``fields`` holds the readers they share."""
