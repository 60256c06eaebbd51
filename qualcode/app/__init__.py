"""Use cases: what a researcher does with a project, grouped by activity.

The faces (``qualcode.cli``, ``qualcode.tui``) call only this package; it calls the
domain (``core``, ``nlp``, ``analysis``, ``io``) and ``storage``. Every use case that
changes the project runs in one transaction and records one history event.
"""
