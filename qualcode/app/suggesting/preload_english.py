"""Imported by `suggest`'s fork server (see warm_start): loads spaCy's blank English pipeline and the lookup
lemmas once, before any worker is forked, so every worker inherits them instead of loading its own. Only
the built-in lemmas: a named ``[nlp] english_model`` is loaded by the workers."""

from qualcode.nlp.tokenizers import english_tokenizer

try:
    english_tokenizer(None)
except Exception:  # noqa: BLE001  the fork server dies on anything but ImportError; a worker loads it again
    pass           # and reports the problem where the user sees it
