"""Business logic in plain functions: the views call these, and tests call them directly."""
