"""Reference data read at run time: the curated actor table and its matcher, the gazetteer, the
designation lists, and the name keys that compare written names."""
