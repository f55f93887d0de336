"""Publish: the only package that knows MkDocs and Material (the plugin, the offline copy) and every write to disk."""
