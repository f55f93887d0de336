"""generator.load."""
