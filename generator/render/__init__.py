"""generator.render."""
