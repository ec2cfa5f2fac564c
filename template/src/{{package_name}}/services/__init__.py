"""Use cases: the rules of the domain, between the HTTP layer and the repositories."""
