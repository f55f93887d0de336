"""generator.model."""
