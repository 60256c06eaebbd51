"""Bringing material into a project: transcripts, coded spreadsheets, revised versions (re-anchoring).
"""
