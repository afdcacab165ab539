"""The server-rendered dashboard: thin views over the compliance selectors and services."""
