"""Developer tools: benchmarks, the load and soak test, synthetic communities.

Run from the command line (``netmap bench``, ``netmap load``, ``netmap limits-bench``,
``netmap seed --synthetic``); nothing in the runtime packages imports them.
"""
