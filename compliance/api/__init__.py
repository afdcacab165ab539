"""The REST API under /api/v1/: thin DRF views over the compliance selectors and services."""
