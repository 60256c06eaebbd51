"""Keyword suggestions: the engine, pure of any database.

- ``tokenizers``: jieba and spaCy, loaded once per process, lazily
- ``rules``: keyword rules (parsed by the codebook's own parser)
- ``compile``: every rule of a codebook set into Aho-Corasick automata, once
- ``matcher``: hits in one segment; ``negation``: cues before a hit
- ``scoring``: hits to scored codes with evidence; ``engine``: the whole pipeline
- ``keyness``: keyword learning; ``evaluation``: precision/recall/kappa, cross-validation

``qualcode.app.suggesting.batch`` runs the engine over a project; see docs/suggestions.md.
"""
