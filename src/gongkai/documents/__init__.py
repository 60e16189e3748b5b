"""Documents the platform writes: letters in the GB/T 9704 layout."""
