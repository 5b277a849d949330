"""Public (no login) budget execution: per year, category and funding source. Aggregates only,
so nothing personal can be in it."""
