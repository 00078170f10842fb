"""Stage 1, read: files and bytes to text (decoding, discovery, per-file limits)."""
