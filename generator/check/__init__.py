"""generator.check."""
