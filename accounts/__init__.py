"""Accounts: password hashes and login (`auth`), login sessions, and the refusal a write raises (`permissions`)."""
