"""Render: the linked graph as pages, each a spec, then HTML made by autoescaping templates and escaping snippets."""
