"""Jinja extensions that copier.yml loads through copier-template-extensions."""
