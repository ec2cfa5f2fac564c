"""Commands for the template's maintainers."""
