"""Turn the bytes of a transcript into normalised text.

Researchers hand us whatever their recorder, Word or a colleague's Windows
machine produced: UTF-8 with or without a BOM, UTF-16 (Word's "Unicode text"),
GB18030/GBK (mainland Windows) or Big5 (Taiwan, Hong Kong).  The order of the
checks matters: BOMs are certain, strict UTF-8 almost never succeeds by accident
on legacy bytes, and only then do we guess between the legacy Chinese encodings.
Whatever we cannot decode with confidence is refused with the byte offset of the
first bad byte, never silently turned into mojibake.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from qualcode.core.errors import Location, TranscriptError

# Encodings we guess between when a file is neither BOM-marked nor valid UTF-8.
# GB18030 is a superset of GBK and GB2312; cp950 is Microsoft's Big5 superset
# and is tried when strict Big5 fails on one of its extra characters.
LEGACY_CANDIDATES: tuple[str, ...] = ("gb18030", "big5", "cp950")

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

# Control bytes never appear in text in any of our encodings (their multi-byte
# sequences only use bytes >= 0x30), so their density separates binary from text.
# (\t \n \f \r and \x1a, the DOS end-of-file marker, are allowed).
_CONTROL_BYTE = re.compile(rb"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f]")
_MAX_CONTROL_SHARE = 0.01
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
# Six consecutive characters of three or four UTF-8 bytes (surrogate escapes,
# which stand for bad bytes, excluded).
_UTF8_CJK_RUN = re.compile("[\u0800-\udc7f\udd00-\U0010ffff]{6,}")
# Encoding checks look at this many characters: enough to judge, fast on 20 MB.
_SAMPLE_CHARS = 200_000

# Among decoded characters, at most this share may be controls, unassigned or
# private-use code points; more means we picked the wrong encoding.
_MAX_BAD_CHAR_SHARE = 0.02

# The most frequent Chinese characters, simplified and traditional forms.  Any
# real Chinese text is full of them; Big5 bytes read as GB18030 (or the other
# way round) decode to rare characters instead.  Used to check a legacy guess.
_COMMON_HAN = frozenset(
    "的一是不了人我在有他这個个们們中来來上大为為和国國地到以说說时時要就出会會可也你對对生能"
    "而子那得于於着著下自之年过過发發后後作里裡用道行所然家种種事成方多经經么麼去法学學如都同"
    "现現当當没沒动動面起看定天分还還进進好小部其些主样樣理心她本前开開但因只从從想实實日军軍"
    "者意无無力它与與长長把机機十民第公此已工使情明性知全三又关關点點正业業外将將两兩高间間由"
    "问問很最重并並物手应應战戰向头頭文体體政美相见見被利什二等产產或新己制身果加西斯月话話合"
    "回特代内內信表化老给給世位次度门門任常先海通教儿兒原东東声聲提立及比员員解水名真论論处處"
    "走义義各入几幾口认認条條平系气氣题題活尔爾更别別打女变變四神总總何电電数數安少报報才结結反"
    "受目太量再感建务務做接必场場件计計管期市直德资資命山金指克许許统統区區保至队隊形社便空决決"
    "治展马馬科司五基眼书書非则則听聽白却卻界达達光放强強即像难難且权權思王象完设設式色路记記南"
    "品住告类類求据據程北边邊死张張该該交规規万萬取拉格望觉覺术術领領共确確传傳师師观觀清今切院"
    "让讓识識候带帶导導争爭运運笑飞飛风風步改收根干干造言联聯持组組每济濟车車亲親极極林服快办辦"
    "议議往元英士证證近失转轉夫令准準布始怎呢存未远遠叫台单單影具罗羅字爱愛击擊流备備兵连連调調"
    "深商算质質团團集百需价價花党黨华華城石级級整府离離况況亚亞请請技际際约約示复復病息究线線似"
    "官火断斷精满滿支视視消越器容照须須九增研写寫称稱企八功吗嗎包片史委乎查轻輕易早曾除农農找装"
    "裝广廣显顯吧阿李标標谈談吃图圖念六引历歷首医醫局突专專费費号號尽盡另周较較注语語仅僅考落青"
    "随隨选選列武红紅响響虽雖推势勢参參希古众眾构構房半节節土投某案黑维維革划劃敌敵致陈陳律足态"
    "態护護七兴興派孩验驗责責营營星够夠章音跟志底站严嚴巴例防族供效续續施留讲講型料终終答紧緊黄"
    "黃绝絕奇察母京段依批群项項故按河米围圍江织織害斗鬥双雙境客纪紀采採举舉杀殺攻父苏蘇密低朝友"
    "诉訴止细細愿願千值仍男钱錢破网網热熱助倒育属屬坐帝限船脸臉职職速刻乐樂否刚剛威毛状狀率甚独"
    "獨球般普怕弹彈校苦创創假久错錯承印晚兰蘭试試股拿脑腦预預谁誰益阳陽若哪微尼继繼送急血惊驚伤"
    "傷素药藥适適波夜省初喜卫衛源食险險待述陆陸习習置居劳勞财財环環排福纳納欢歡雷警获獲模充负負"
    "云雲停木游遊龙龍树樹疑层層冷洲冲衝射略范範竟句室异異激汉漢村哈策演简簡卡罪判担擔州静靜退既"
    "衣您宗积積余餘痛检檢差富灵靈协協角占配征修皮挥揮胜勝降阶階审審沉坚堅善妈媽刘劉读讀啊超免压"
    "壓银銀买買皇养養伊怀懷执執副乱亂抗犯追帮幫宣佛岁歲航优優怪香著田铁鐵控税稅左右份穿艺藝背阵"
    "陣草脚腳概恶惡块塊顿頓敢守酒岛島托央户戶烈洋哥索胡款靠评評版宝寶座释釋景顾顧弟登货貨互付伯"
    "慢欧歐换換闻聞危忙核暗姐介坏壞讨討丽麗良序升监監临臨亮露永呼味野架域沙掉括舰艦鱼魚杂雜误誤"
    "湾灣吉减減编編楚肯测測败敗屋跑梦夢散温溫困剑劍渐漸封救贵貴枪槍缺楼樓县縣尚毫移娘朋画畫班智"
    "亦耳恩短掌恐遗遺固席松秘谢謝鲁魯遇康虑慮幸均销銷钟鐘诗詩藏赶趕剧劇票损損忽巨炮旧舊端探湖录"
    "錄叶葉春乡鄉附吸予礼禮港雨呀板庭妇婦归歸睛饭飯额額含顺順输輸摇搖招婚脱脫补補谓謂督毒油疗療"
    "旅泽澤材灭滅逐莫笔筆亡鲜鮮词詞圣聖择擇寻尋厂廠睡博勒烟煙授诺諾伦倫岸奥奧唐卖賣俄炸载載洛健"
    "堂旁宫宮喝借君禁阴陰园園谋謀宋避抓荣榮姑孙孫逃牙束跳顶頂玉镇鎮雪午练練迫爷爺篇肉嘴馆館遍凡"
    "础礎洞卷坦牛宁寧纸紙诸諸训訓私庄莊祖丝絲翻暴森塔默握戏戲隐隱熟骨访訪弱蒙歌店鬼软軟典欲萨薩"
    "伙遭盘盤爸扩擴盖蓋弄雄稳穩忘亿億刺拥擁徒姆杨楊齐齊赛賽趣曲刀床迎冰虚虛玩析窗醒妻透购購替塞"
    "努休虎扬揚途侵刑绿綠兄迅套贸貿毕畢唯谷轮輪库庫迹跡尤竞競街促延震弃棄甲伟偉麻川申缓緩潜潛闪"
    "閃售灯燈针針哲络絡抵朱埃抱鼓植纯純夏忍页頁杰筑築折郑鄭贝貝尊吴吳秀混臣雅振染盛怒舞圆圓搞狂"
    "措姓残殘秋培迷诚誠宽寬宇猛摆擺梅毁毀伸摩盟末乃悲拍丁赵趙陷陷凭憑嗯哦啦嘛呃"
)
_MIN_COMMON_HAN_SHARE = 0.5
# Share of letters that must be Han or Latin for a guessed decoding to count.
_MIN_CJK_OR_LATIN_SHARE = 0.8


def decode_bytes(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode a transcript's bytes; return (normalised text, encoding name).

    The text is NFC-normalised, has ``\\n`` newlines only and no BOM.  Raises
    :class:`TranscriptError` naming ``path`` for empty, binary, undecodable or
    mixed-encoding input.
    """
    if not data:
        raise TranscriptError("the file is empty", Location(path))
    raw_text, encoding = _decode(data, path)
    return normalise_text(raw_text), encoding


def normalise_text(text: str) -> str:
    """NFC, ``\\n`` newlines, no leading BOM, no character XML forbids: the form offsets refer to."""
    # Each step copies the whole text, so skip the ones with nothing to do:
    # a 20 MB transcript should not be held in memory five times over.
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return xml_safe(text)


# Characters XML 1.0 (so Word, Excel and REFI-QDA files) cannot hold. Text copied out of Word carries them:
# a manual line break (Shift+Enter) becomes \v, a page break \f. One stored in a transcript made every Word
# and Excel export of the project end in an internal error.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n"}


def xml_safe(text: str) -> str:
    """``text`` with each character XML forbids replaced by ONE character -- a line break for Word's \\v and
    \\f, a space for the others -- so every offset into it stays where it was."""
    if _XML_ILLEGAL.search(text) is None:
        return text
    return _XML_ILLEGAL.sub(lambda found: _XML_LINE_BREAKS.get(found.group(), " "), text)


def _decode(data: bytes, path: str | Path) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], codec, name, path, offset=len(bom)), name
    if b"\x00" in data:
        return _decode_utf16_without_bom(data, path)
    _refuse_control_bytes(data, path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    _refuse_mostly_utf8(data, utf8_error, path)
    return _decode_legacy(data, utf8_error, path)


def _strict(data: bytes, codec: str, name: str, path: str | Path, *, offset: int = 0) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        bad = offset + error.start
        raise TranscriptError(
            f"the file starts with a {name} byte-order mark but byte {bad} "
            f"(0x{data[error.start]:02X}) is not valid {name}; the file may be damaged "
            "or mix encodings",
            Location(path, detail=f"byte {bad}"),
        ) from None
    _check_decoded(text, name, path)
    return text


def _decode_utf16_without_bom(data: bytes, path: str | Path) -> tuple[str, str]:
    """NUL bytes mean UTF-16 (ASCII and newlines have a zero high byte) or binary.

    In UTF-16 LE text most NULs sit at odd offsets, in BE at even ones (a CJK
    character's low byte is zero now and then, so the split is not perfect);
    the likelier byte order is tried first and must decode to plausible text.
    """
    even = data[0::2].count(0)
    odd = data.count(0) - even
    if len(data) % 2 == 0 and max(even, odd) >= 0.6 * (even + odd):
        order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
        for codec in order:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text, codec
    first_nul = data.index(0)
    raise TranscriptError(
        f"this looks like a binary file, not a transcript (NUL byte at offset {first_nul}); "
        "save it as text (.txt), .docx, .csv or .xlsx",
        Location(path, detail=f"byte {first_nul}"),
    )


def _refuse_control_bytes(data: bytes, path: str | Path) -> None:
    first = _CONTROL_BYTE.search(data)
    if first is None:
        return
    count = len(_CONTROL_BYTE.findall(data))
    if count > _MAX_CONTROL_SHARE * len(data):
        raise TranscriptError(
            f"this looks like a binary file, not a transcript ({count} control bytes, "
            f"the first at offset {first.start()})",
            Location(path, detail=f"byte {first.start()}"),
        )


def _refuse_mostly_utf8(data: bytes, error: UnicodeDecodeError, path: str | Path) -> None:
    """A file containing a run of UTF-8 CJK text is UTF-8 with foreign bytes.

    Legacy Chinese bytes form a valid 3-byte UTF-8 sequence only by chance
    (about 1 in 60 positions), so six in a row essentially never happen in a
    GB18030 or Big5 file, while any line of UTF-8 Chinese has dozens.  Decoding
    a partly-UTF-8 file as GB18030 would turn that part into mojibake, so such a
    file is refused with the offset of its first bad byte.
    """
    decoded = data.decode("utf-8", "surrogateescape")
    if _UTF8_CJK_RUN.search(decoded) is None:
        return
    invalid = len(_ESCAPED_BYTE.findall(decoded))
    raise TranscriptError(
        f"byte {error.start} (0x{data[error.start]:02X}) is not valid UTF-8, although parts of "
        f"the file are UTF-8 ({invalid} bad bytes in all); the file mixes encodings or is "
        "damaged -- re-save it as UTF-8",
        Location(path, detail=f"byte {error.start}"),
    )


def _decode_legacy(data: bytes, utf8_error: UnicodeDecodeError, path: str | Path) -> tuple[str, str]:
    decoded: dict[str, str] = {}
    furthest: tuple[int, str] = (utf8_error.start, "UTF-8")
    for codec in LEGACY_CANDIDATES:
        try:
            decoded[codec] = data.decode(codec)
        except UnicodeDecodeError as error:
            furthest = max(furthest, (error.start, codec.upper()))
    plausible = {c: t for c, t in decoded.items() if _looks_like_text(t)}
    if "big5" in plausible:  # cp950 adds nothing when strict Big5 already works
        plausible.pop("cp950", None)
    if plausible:
        codec = _pick_legacy(data, plausible)
        return plausible[codec], codec
    bad = utf8_error.start
    if decoded:  # decodable, but only into rare or junk characters
        names = " or ".join(codec.upper() for codec in decoded)
        raise TranscriptError(
            f"the file is not UTF-8 (byte {bad} is 0x{data[bad]:02X}) and reads as {names} only "
            "as rare or junk characters; it is probably in another encoding or damaged -- "
            "re-save it as UTF-8",
            Location(path, detail=f"byte {bad}"),
        )
    offset, closest = furthest
    raise TranscriptError(
        "cannot decode the file as UTF-8, UTF-16, GB18030/GBK or Big5; "
        f"the closest fit is {closest}, which fails at byte {offset} (0x{data[offset]:02X}); re-save it as UTF-8 "
        "(Notepad, Word or WPS: Save As, encoding UTF-8)",
        Location(path, detail=f"byte {offset}"),
    )


def _pick_legacy(data: bytes, plausible: dict[str, str]) -> str:
    """charset-normalizer's choice among the plausible decodings, checked.

    On short texts it can prefer a decoding full of rare characters; when
    another candidate reads as clearly more common Chinese, that one wins.
    """
    by_frequency = max(plausible, key=lambda c: _common_han_share(plausible[c]))
    if len(plausible) == 1:
        return by_frequency
    from charset_normalizer import from_bytes  # imported here: only legacy files need it

    best = from_bytes(data, cp_isolation=list(plausible)).best()
    choice = best.encoding.replace("_", "-").lower() if best is not None else None
    if choice not in plausible:
        return by_frequency
    margin = _common_han_share(plausible[by_frequency]) - _common_han_share(plausible[choice])
    return choice if margin < 0.1 else by_frequency


def _check_decoded(text: str, name: str, path: str | Path) -> None:
    if _bad_char_share(text) > _MAX_BAD_CHAR_SHARE:
        raise TranscriptError(
            f"the file decodes as {name} but is full of control or unassigned characters; "
            "it is probably not a text transcript",
            Location(path),
        )


def _looks_like_text(text: str) -> bool:
    """Mostly CJK/Latin text of plausible frequency, few junk code points."""
    if _bad_char_share(text) > _MAX_BAD_CHAR_SHARE or _cjk_or_latin_share(text) < _MIN_CJK_OR_LATIN_SHARE:
        return False
    han = any(_is_han(ch) for ch in text[:_SAMPLE_CHARS])
    return not han or _common_han_share(text) >= _MIN_COMMON_HAN_SHARE


def _cjk_or_latin_share(text: str) -> float:
    """Han or Latin letters among all letters (1.0 for a text without letters).

    Bytes decoded with the wrong codec, UTF-16 especially, scatter over every
    script of the Basic Multilingual Plane: Hangul, Yi, Thai, Cyrillic ...
    """
    letters = [ch for ch in text[:_SAMPLE_CHARS] if ch.isalpha()]
    if not letters:
        return 1.0
    return sum(1 for ch in letters if _is_han(ch) or _is_latin(ch)) / len(letters)


def _common_han_share(text: str) -> float:
    han = [ch for ch in text[:_SAMPLE_CHARS] if _is_han(ch)]
    if not han:
        return 0.0
    return sum(1 for ch in han if ch in _COMMON_HAN) / len(han)


def _bad_char_share(text: str) -> float:
    text = text[:_SAMPLE_CHARS]
    if not text:
        return 0.0
    bad = 0
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Co", "Cn", "Cs") or (category == "Cc" and ch not in "\t\n\r\f\x1a"):
            bad += 1
    return bad / len(text)


def _is_latin(ch: str) -> bool:
    return ch < "\u0250" or "\uff21" <= ch <= "\uff5a"  # Latin blocks and full-width Latin


def _is_han(ch: str) -> bool:
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2FFFF
