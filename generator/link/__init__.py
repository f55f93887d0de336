"""generator.link."""
