"""Load: find the entry files and read each one, its front-matter safely and with the line of every value."""
