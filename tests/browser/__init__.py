"""Browser tests: headless Chromium driven by Playwright against the app on loopback."""
