"""Imported by `suggest`'s fork server (see warm_start): loads jieba's dictionary once, before any worker
is forked, so every worker inherits it instead of loading its own. Codebook words are added in each worker
as it builds its engine (``add_user_words`` adds them at once to a loaded dictionary)."""

from qualcode.nlp.tokenizers import jieba_tokenizer

try:
    jieba_tokenizer()
except Exception:  # noqa: BLE001  the fork server dies on anything but ImportError; a worker loads it again
    pass           # and reports the problem where the user sees it
