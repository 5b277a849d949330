"""No tables of its own: stats read the enterprise, craft village and product tables."""
