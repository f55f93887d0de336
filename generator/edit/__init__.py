"""Edit: change content from outside: the CSV import and the in-place front-matter editor."""
