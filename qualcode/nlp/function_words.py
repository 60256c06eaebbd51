"""Function words: never shown as a learned suggestion's "strongest terms".

On a few dozen coded turns a model leans on whatever co-occurs with a code, and pronouns, particles
and auxiliaries co-occur with everything: an outside test showed `terms 说、她、要` for "feels pressure
from family expectations" and `terms She, There, me`. The evidence names words a researcher can read
as reasons; the scores still use every feature. Negations (不, 没, not, never, no) are kept: they can be
the reason. Kept short and written here, not spaCy's stop lists, so a Chinese project never loads spaCy.
"""

from __future__ import annotations

ENGLISH = frozenset("""
a an the and or but if then so than that this these those there here it its itself i me my mine myself
you your yours yourself yourselves he him his himself she her hers herself we us our ours ourselves they
them their theirs themselves what which who whom whose when where why how all any both each every some
such own same other another is am are was were be been being have has had having do does did doing done
will would shall should can could may might must to of in on at by for with about from into onto over
under up down out off again once just also too very really quite much many more most less only even still
yet as because while until although though since whether get got gets getting go goes went going gone
make makes made say says said tell tells told thing things stuff like kind sort lot lots bit way one ones
oh um uh yeah yes okay ok well 's 're 'm 've 'd 'll
""".split())

CHINESE = frozenset("""
我 你 您 他 她 它 我们 你们 他们 她们 它们 自己 咱们 的 地 得 了 着 过 是 有 在 和 跟 与 及 就
都 也 还 又 才 说 要 会 能 这 那 这个 那个 这些 那些 一个 个 吧 呢 啊 吗 嗯 呀 哦 哈 嘛 很 挺
就是 然后 因为 所以 但是 可是 而且 或者 如果 还是 其实 把 被 给 让 对 从 到 里 上 下 些 点 一
一些 一下 什么 怎么 这样 那样 这么 那么 比较
""".split())


def is_function_word(word: str) -> bool:
    return word.lower() in ENGLISH or word in CHINESE
