"""The API's resources, one module each: its representation, view and schema together."""
