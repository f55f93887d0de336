"""Link: the checked entries as one graph, every reference followed in both directions."""
