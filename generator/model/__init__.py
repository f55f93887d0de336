"""What an entry is: the kinds and their fields, the editorial rules, dates, ranks, an entry, a converted body."""
