"""Stage 5, suppress: inline directives and baselines."""
