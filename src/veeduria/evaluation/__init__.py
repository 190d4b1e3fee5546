"""Evaluation: run the extractor over a gold file and score it with the reference scorer."""
