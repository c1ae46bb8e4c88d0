"""Annotate: sentences, entities, places and actor mentions over clean article text."""
