"""Suggestions: the batch run, reviewing (accept/reject), keyword learning, evaluation.
"""
