"""enterprise-registry: enterprises, craft villages, typical products and reference data.

Its contract (the files of a domain folder, what each may import, module functions taking the
session, roles in `roles.py`) is written once, in README.md beside this file."""

from registry import messages as messages  # the words of its problems, registered once
