"""generator.publish."""
