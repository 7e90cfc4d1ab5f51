"""Browser tests: the user stories in Debian's Chromium, driven by Playwright."""
