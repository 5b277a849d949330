"""Registry counts for the dashboard (CONTRACTS.md `GET /registry/stats`)."""
