"""Check: every entry against its kind, its body converted and checked, and what only all entries together show."""
