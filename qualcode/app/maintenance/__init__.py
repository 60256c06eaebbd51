"""Looking after a project: backups, doctor, deleting documents, merging codes.
"""
