"""Development tooling, in one place: the synthetic-data generator, the benchmarks, the
screenshots and the PDF renderer the tests use. The Docker image leaves this package out
(.dockerignore) and no runtime module imports it (tests/test_layout.py checks both);
settings install it as an app only when it is present."""

# The password of every user build_sample_world() makes (local benchmarks and screenshots).
SAMPLE_PASSWORD = "sample-password-1"
