"""Load: the project, its brand, topics and field declarations, read into the immutable model."""
