"""Team work: agreement between coders, consensus, merging another coder's project.
"""
