"""The use cases: a typed caller in, domain records out.

The one home of who may see what (``visibility``); the API, the pages, the
pictures, the exports and the command line ask it rather than deciding again.
"""
