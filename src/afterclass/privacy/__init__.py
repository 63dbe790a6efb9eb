"""Privacy: redaction and pseudonyms, encryption of stored fields, keyed hashing of ids."""
