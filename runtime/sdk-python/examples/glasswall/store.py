"""The notes, in memory (imported relatively by the package)."""

NOTES = [{"id": "1", "title": "Welcome", "body": "First note"}]
