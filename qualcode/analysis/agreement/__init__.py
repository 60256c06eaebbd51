"""Intercoder agreement: reliability tables, statistics, units and reports.

Pure modules (no database, no UI):
- ``table``: units × coders with missing values, as counted value patterns;
- ``statistics``: observed agreement, Cohen's kappa, Brennan-Prediger kappa,
  Krippendorff's alpha (nominal), the 2×2 counts;
- ``spans``, ``units``, ``presence``: segments, sentences and characters as
  units, and how a coding maps to a unit (span-overlap rule, missing data).
Over a project database (read-only):
- ``source`` (SQL), ``compute`` (the per-code table), ``report`` (Markdown/CSV),
  ``disagreements`` (units the coders differ on), ``blind`` (one coder's view).
Use cases that change the project (merge, consensus) live in ``qualcode.app.team.coders``.
"""
