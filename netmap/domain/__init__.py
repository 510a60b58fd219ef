"""The vocabulary of netmap: kinds, roles, valid time, records and validation.

Pure Python; imports nothing else of netmap.
"""
