"""Exports that read a project and write files for others (tables, quotes, charts).
"""
