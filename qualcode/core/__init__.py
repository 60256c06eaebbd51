"""The domain core: models, codebooks, transcripts, errors. No UI, no storage."""
