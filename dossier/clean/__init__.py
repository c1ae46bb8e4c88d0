"""Clean: decode, normalise, strip boilerplate and split pages into dated articles."""
