"""Privacy: pseudonymising transcripts and checking outputs for names.
"""
