"""The rule book: rule packs, vocabularies and the drug lexicon as validated data."""
