"""generator.edit."""
