"""量化考核: a scoring standard as data and the arithmetic that applies it to records."""
