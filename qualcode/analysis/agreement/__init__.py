"""Intercoder agreement: reliability tables, statistics, units and reports.

Pure modules (no database, no UI): ``table`` (units × coders), ``statistics``
(observed agreement, Cohen's kappa, Brennan-Prediger kappa, Krippendorff's
alpha), ``units`` (segments, sentences, characters) and ``presence`` (which
coder marked which unit). ``source`` reads a project database.
"""
