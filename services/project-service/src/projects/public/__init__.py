"""Public transparency and open data (no login).

The same files as every domain folder: `schemas.py` (what the public sees, field by field),
`service.py` (which projects are published, and the facts joined to them), `routes.py` (HTTP and
caching), plus `directory.py` (registry names and communes through the service identity, with
personal fields dropped on arrival), `ocds.py` (the OCDS 1.1 release package; the standard's
schemas under `ocds/`), `exports.py` (the CSV) and `catalog.py` (the DCAT catalogue entry).
"""
