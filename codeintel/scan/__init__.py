"""The scan use case: from a repository location to a code graph, full or incremental.

Ray-free: the Ray pipeline in `pipeline/` and the graph-builder actor in `actors/` call the
same functions as the in-process path, so both give identical graphs.
"""
