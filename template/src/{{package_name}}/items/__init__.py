"""Items: what users own, with search and paging."""
