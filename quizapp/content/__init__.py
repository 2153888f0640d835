"""Course content: reading files in questions/, their validation and loading."""
