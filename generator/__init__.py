"""Generator for the Syrian Defections Archive: content in, pages and data out."""

__version__ = "0.1.0"
