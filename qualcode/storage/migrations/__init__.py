"""Numbered schema migrations.

Each migration is a module ``mNNNN_name.py`` in this package with a function
``apply(conn)``; they run in name order, each in its own transaction, and are
recorded in ``schema_migrations``. Nothing touches the schema at import time.
Numbers are allocated per area so parallel work never collides: gaps are fine.
"""
