"""SQLite storage: connections, migrations, and rows <-> models."""
