"""Coding a transcript: codings, memos, reviewed segments, and the history behind undo/redo.
"""
