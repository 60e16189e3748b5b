"""Personal information at rest: SM4 field encryption, blind indexes, masking (no models)."""
