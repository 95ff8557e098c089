"""Build: the planner, the store of intermediate results, the worker pool and its results."""
