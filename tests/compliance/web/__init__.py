"""Dashboard page tests, one module per feature."""
