"""Stage 3, analyse: one spaCy Doc per article and what it says (sentences, certainty, claims, genre)."""
