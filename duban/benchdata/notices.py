"""Synthetic 任免通知 for the benchmarks, as varied as an archive of real ones, with their truth.

`generate(n, seed)` yields n notices of many issuers (区, 县 and 县级市 governments of many
cities), each naming people of hundreds of units and sub-units (局, 办, 中心, 所, 站, 大队, 镇,
乡, 街道, 园区管委会, 国有企业 …) in 5–40 clauses of every shape the parser reads: 任 / 免去 / 任…，
免去其…职务 / （试用期…） / （兼） / 兼任 / 任命…为 / 聘任 / 解聘 / 挂职任 / 不再担任 / ranks (职级) /
several people in one clause / section headings (一、任职 二、免职) / numbered lines / half-width
punctuation / two clauses on one line; some notices are pasted web pages (metadata block and page
chrome) and a few are in traditional characters. Each notice carries the appointments it states
(`Notice.items`), so a test can check that the parser reads what was written.

Deterministic: the same n and seed give the same text on every machine and Python version
(only `random.Random` with an integer seed and fixed vocabularies are used).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words: long vocabularies read better as text than as list literals."""
    return tuple(text.split())


@dataclass(frozen=True)
class Item:
    """One appointment a notice states: what the parser should read from it."""

    person: str
    appoint: bool  # True: 任 (appointed), False: 免 (removed)
    post: str
    org: str
    title: str
    mode: str
    probation: str | None = None
    concurrent: bool = False
    rank: bool = False


@dataclass(frozen=True)
class Notice:
    """A generated notice: its text, the items it states, and how it was written."""

    text: str
    number: str
    issuer: str
    items: tuple[Item, ...]
    web: bool = False  # pasted from a web page: metadata block and page chrome
    traditional: bool = False


# --- vocabularies -------------------------------------------------------------------------

SURNAMES = _words(
    """
    王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹
    彭 曾 肖 田 董 袁 潘 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖
    贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱
    严 覃 武 戴 莫 孔 向 汤 易 文 颜 伍 聂 欧 柳 湛 符 阳 晏 匡 粟
    """
)
COMPOUND_SURNAMES = _words("欧阳 司马 上官 诸葛 皇甫 东方 尉迟 慕容")
# Characters of given names. Left out: those the clause grammar gives a meaning (同 为 的 任 免
# 其 兼 被 聘 命 挂 代 去) and the first characters of the words that mark a non-decision (拟 历
# 曾 出 选 分 协), which a name followed by a verb could spell.
GIVEN = (
    "志国华明伟芳军平强磊洋勇艳杰娟涛超霞秀英辉斌刚桂文云建玲红丽敏静湘晖新宇震琴芬崇凡宏龙"
    "安定波敏英嵘双雅金舟丹县忠仕太岳奇恩航薇峰春梅海波亮红林燕鹏飞浩然宁晨旭东阳光荣庆德才"
    "俊杰晓丽婷雪莉琳慧颖佳怡欣悦思远鸿儒卫兵立新建民秋菊兰香玉珍凤霞桂英淑贞永福寿喜顺利"
    "晶莹诗韵子涵梓萱若汐雨泽博文瑞泉清源胜利跃进卫红学军振华绍辉湘江沅澧资洞庭衡岳韶峰"
)
MINORITY_NAMES = _words(
    "买买提 艾力 阿依古丽 努尔 艾合买提 扎西 多吉 达瓦 次仁 热依拉 阿不都 迪丽 古丽 格桑 卓玛 白玛 尼玛"
)

CITIES = _words("岳阳市 长沙市 株洲市 湘潭市 衡阳市 邵阳市 常德市 益阳市 郴州市 永州市 怀化市 娄底市")
# Characters for place names; a unit's ending (镇, 乡, 园, 场 …) never stands second, or a title
# such as 乡长 could be read as 乡乡长.
_PLACE_FIRST = "云陆松柳桃花石白青凤金黄清新安平永丰荷梅杉竹枫双洪高栗月柏莲望东西南北临华湘汨雨芙开浏韶攸茶炎醴雁蒸耒祁桃汉鼎武沅资赫冷蓝溆麻芷靖辰泸吉保古桑慈"
_PLACE_SECOND = "溪城杨湖岭林沙门龙凰水河泉华坪塘江口源岗坡枝仙阳山桥峰潭浦田冲湾滩洲岩陵宁丰兴安和平乐"
_ORG_ENDING_CHARS = set(
    "局委办院所队心会社站馆处司团镇乡道府部区室组厅署庭校园场台科股盟联县市省村厂矿地行店宫库段狱支"
)

DEPARTMENTS = _words(
    """
    人民政府办公室 发展和改革局 教育局 科学技术局 科技和工业信息化局 工业和信息化局 民政局 司法局
    财政局 人力资源和社会保障局 自然资源局 自然资源和规划局 住房和城乡建设局 交通运输局 水利局
    农业农村局 商务局 文化旅游广电局 卫生健康局 退役军人事务局 应急管理局 审计局 市场监督管理局
    统计局 医疗保障局 林业局 城市管理局 城市管理和综合执法局 数据局 信访局 行政审批服务局
    疾病预防控制局 商务粮食局 教育体育局 乡村振兴局 国有资产事务中心 机关事务服务中心 金融事务中心
    重点项目服务中心 公路建设和养护中心 融媒体中心 政务服务中心 人民防空办公室
    优化经济发展环境办公室 档案馆 人民医院 中医医院 妇幼保健院 妇女联合会 残疾人联合会
    工商业联合会 科学技术协会 总工会 供销合作联社理事会 供销合作联社监事会 人民法院 人民检察院
    """
)
# Titles by how the organisation's name ends (longest ending first).
_TITLES_BY_ENDING = (
    ("办公室", _words("主任 副主任")),
    ("中心", _words("主任 副主任")),
    ("检察院", _words("检察长 副检察长")),
    ("法院", _words("院长 副院长")),
    ("院", _words("院长 副院长")),
    ("馆", _words("馆长 副馆长")),
    ("联合会", _words("主席 副主席")),
    ("协会", _words("主席 副主席")),
    ("工会", _words("主席 副主席")),
    ("事会", _words("主任 副主任")),
    ("局", _words("局长 副局长 副局长 副局长 总工程师 总经济师 总会计师 党组书记 党组成员")),
    ("所", _words("所长 副所长")),
    ("站", _words("站长 副站长")),
    ("大队", _words("大队长 副大队长 教导员")),
    ("镇", _words("镇长 副镇长 副镇长 党委书记 党委副书记 党委委员")),
    ("乡", _words("乡长 副乡长 党委书记 党委副书记")),
    ("街道", _words("党工委书记 党工委副书记")),
    ("办事处", _words("主任 副主任 副主任")),
    ("管委会", _words("主任 副主任")),
    ("公司", _words("董事长 总经理 副总经理 副总经理 董事 监事")),
)
# Sub-units of a department: (department, sub-unit); {T} is a town of the region.
SUBUNITS = (
    ("人力资源和社会保障局", "劳动人事争议仲裁院"),
    ("人力资源和社会保障局", "劳动和社会保障监察大队"),
    ("市场监督管理局", "{T}市场监督管理所"),
    ("自然资源局", "{T}自然资源所"),
    ("自然资源局", "不动产登记中心"),
    ("数据局", "政务服务中心"),
    ("农业农村局", "农业技术推广中心"),
    ("农业农村局", "动物疫病预防控制中心"),
    ("交通运输局", "交通运输综合行政执法大队"),
    ("应急管理局", "执法局"),
    ("城市管理和综合执法局", "环境卫生服务中心"),
    ("住房和城乡建设局", "建设工程质量安全监督站"),
    ("林业局", "{T}林业站"),
    ("文化旅游广电局", "文化馆"),
    ("财政局", "国库集中支付中心"),
    ("民政局", "社会福利院"),
    ("司法局", "{T}司法所"),
    ("退役军人事务局", "退役军人服务中心"),
    ("医疗保障局", "医疗保障事务中心"),
    ("卫生健康局", "卫生计生综合监督执法局"),
    ("水利局", "水利工程管理站"),
)
TOWN_UNITS = _words("综合执法大队 农业综合服务中心 社会事务综合服务中心 退役军人服务站")
ENTERPRISES = _words(
    "城市建设投资集团有限公司 城发建设投资集团有限责任公司 交通建设投资有限公司 文化旅游发展集团有限公司 水务投资有限公司"
)
PARKS = _words("高新技术产业开发区管委会 经济开发区管委会 工业园管委会 绿色化工高新区管委会")
RANKS = _words("一级主任科员 二级主任科员 三级主任科员 四级主任科员 一级调研员 二级调研员 四级调研员")
PROBATIONS = ("一年", "一年", "一年", "六个月")

# Simplified → traditional for the characters these notices use; the parser reads it back
# with OpenCC, so only characters OpenCC maps back one to one are listed.
_TRADITIONAL = str.maketrans(
    "职务员长区县镇办处经济农业发开关书门时东车会国学应实现号计划进设项导组织产调规质领网义环条乐卫体医药"
    "疗认识议论请让变将对当从来无过还问题华广阳岛湾联统费据数标准备价银钱铁线电话视频图财税责护队乡党报达"
    "资讯态势边检验证为围属头单牵优强担专归确积极杂简传递续纪录参试监测执综养刘陈杨黄赵吴孙马郑谢韩冯邓"
    "邹龙汤萧罗许苏卢钟谭陆叶齐贺顾龚钱严韦聂晓丽红兰凤宁鹏飞鸿贞顺宫库",
    "職務員長區縣鎮辦處經濟農業發開關書門時東車會國學應實現號計劃進設項導組織產調規質領網義環條樂衛體醫藥"
    "療認識議論請讓變將對當從來無過還問題華廣陽島灣聯統費據數標準備價銀錢鐵線電話視頻圖財稅責護隊鄉黨報達"
    "資訊態勢邊檢驗證為圍屬頭單牽優強擔專歸確積極雜簡傳遞續紀錄參試監測執綜養劉陳楊黃趙吳孫馬鄭謝韓馮鄧"
    "鄒龍湯蕭羅許蘇盧鍾譚陸葉齊賀顧龔錢嚴韋聶曉麗紅蘭鳳寧鵬飛鴻貞順宮庫",
)
_HALF_WIDTH = str.maketrans({"，": ",", "；": ";", "（": "(", "）": ")"})


@dataclass
class Region:
    """An issuing government with its units: what its notices name."""

    issuer: str
    level: str  # 区, 县 or 市 (a 县级市): the first character of its units' names
    abbr: str  # 机关代字 of its personnel notices
    orgs: list[str] = field(default_factory=list)
    towns: list[str] = field(default_factory=list)
    enterprises: list[str] = field(default_factory=list)
    serial: int = 0


def _place(rng: random.Random) -> str:
    return rng.choice(_PLACE_FIRST) + rng.choice(_PLACE_SECOND)


def _region(rng: random.Random) -> Region:
    city, place = rng.choice(CITIES), _place(rng)
    level = rng.choices("区县市", (3, 5, 2))[0]
    issuer = f"{place}市人民政府" if level == "市" else f"{city}{place}{level}人民政府"
    abbr = (place[0] if level == "市" else city[0] + place[0]) + rng.choice(
        _words("政人 政任 政干 政人 政人")
    )
    region = Region(issuer, level, abbr)
    towns: list[str] = []
    while len(towns) < rng.randint(6, 14):
        town = _place(rng) + rng.choices(("镇", "乡", "街道"), (5, 2, 3))[0]
        if town[:2] != place and town not in towns and town[1] not in _ORG_ENDING_CHARS:
            towns.append(town)
    region.towns = towns
    for dept in rng.sample(DEPARTMENTS, rng.randint(30, 45)):
        region.orgs.append(level + dept)
    for dept, sub in rng.sample(SUBUNITS, rng.randint(8, 16)):
        region.orgs.append(level + dept + sub.replace("{T}", rng.choice(towns)[:2]))
    for town in towns:
        region.orgs.append(town + "办事处" if town.endswith("街道") else town)
        if town.endswith("街道"):
            region.orgs.append(town)
        for unit in rng.sample(TOWN_UNITS, 2):
            region.orgs.append(town + unit)
    for park in rng.sample(PARKS, rng.randint(0, 2)):
        region.orgs.append(_place(rng) + park)
    region.enterprises = [level + e for e in rng.sample(ENTERPRISES, rng.randint(2, 4))]
    return region


def _titles(org: str) -> tuple[str, ...]:
    for ending, titles in _TITLES_BY_ENDING:
        if org.endswith(ending):
            return titles
    raise ValueError(f"no titles for {org}")  # a vocabulary error: every org above ends so


def _post(rng: random.Random, region: Region, enterprise: bool = False) -> tuple[str, str]:
    org = rng.choice(region.enterprises if enterprise else region.orgs)
    return org, rng.choice(_titles(org))


def _name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.01:
        return "·".join(rng.sample(MINORITY_NAMES, 2))
    if roll < 0.05:
        return rng.choice(COMPOUND_SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choices((1, 2), (3, 7))[0]))


# --- clauses ---------------------------------------------------------------------------------

# A clause's text and its items. Shapes by weight: the first four are the common lines the
# parser reads on its fast path; the rest take its general path.
_Clause = tuple[str, list[Item]]


class _Writer:
    """Writes the clauses of one notice: people not repeated, posts of the notice's region."""

    def __init__(self, rng: random.Random, region: Region) -> None:
        self.rng, self.region, self.used = rng, region, set[str]()

    def name(self) -> str:
        while (name := _name(self.rng)) in self.used:
            pass
        self.used.add(name)
        return name

    def post(self, enterprise: bool = False) -> tuple[str, str]:
        return _post(self.rng, self.region, enterprise)

    def clause(self) -> _Clause:
        shape = self.rng.choices(range(len(_SHAPES)), _WEIGHTS)[0]
        return _SHAPES[shape](self)


def _item(
    person: str,
    appoint: bool,
    post: tuple[str, str],
    mode: str,
    *,
    probation: str | None = None,
    concurrent: bool = False,
    rank: bool = False,
) -> Item:
    org, title = post
    return Item(person, appoint, org + title, org, title, mode, probation, concurrent, rank)


def _appoint(w: _Writer) -> _Clause:
    n, p = w.name(), w.post()
    return f"{n}同志任{''.join(p)}", [_item(n, True, p, "任")]


def _probation(w: _Writer) -> _Clause:
    n, p, term = w.name(), w.post(), w.rng.choice(PROBATIONS)
    written = w.rng.choice((f"（试用期{term}）", f"（试用期{term}）", f"（试用期为{term}）"))
    return f"{n}同志任{''.join(p)}{written}", [_item(n, True, p, "任", probation=term)]


def _appoint_remove(w: _Writer) -> _Clause:
    n, p, q = w.name(), w.post(), w.post()
    while q == p:
        q = w.post()
    return f"{n}同志任{''.join(p)}，免去其{''.join(q)}职务", [
        _item(n, True, p, "任"),
        _item(n, False, q, "免去"),
    ]


def _remove(w: _Writer) -> _Clause:
    n, q = w.name(), w.post()
    de = w.rng.choice(("", "", "", "的"))
    return f"免去{n}同志{de}{''.join(q)}职务", [_item(n, False, q, "免去")]


def _renming(w: _Writer) -> _Clause:
    n, p = w.name(), w.post()
    tz = w.rng.choice(("", "同志"))
    return f"任命{n}{tz}为{''.join(p)}", [_item(n, True, p, "任命")]


def _pinren(w: _Writer) -> _Clause:
    n, p = w.name(), w.post(enterprise=True)
    return f"聘任{n}为{''.join(p)}", [_item(n, True, p, "聘任")]


def _jiepin(w: _Writer) -> _Clause:
    n, q = w.name(), w.post(enterprise=True)
    return f"解聘{n}的{''.join(q)}职务", [_item(n, False, q, "解聘")]


def _guazhi(w: _Writer) -> _Clause:
    n, p = w.name(), w.post()
    return f"{n}同志挂职任{''.join(p)}", [_item(n, True, p, "挂职")]


def _several(w: _Writer) -> _Clause:
    names, p = [w.name() for _ in range(w.rng.randint(2, 3))], w.post()
    for _ in range(8):  # several people share a deputy's post, rarely a head's
        if p[1].startswith("副"):
            break
        p = w.post()
    if w.rng.random() < 0.5:
        return f"{'、'.join(names)}同志任{''.join(p)}", [_item(n, True, p, "任") for n in names]
    return f"免去{'、'.join(names)}同志{''.join(p)}职务", [_item(n, False, p, "免去") for n in names]


def _two_posts(w: _Writer) -> _Clause:
    n, p, q = w.name(), w.post(), w.post()
    while q == p:
        q = w.post()
    if w.rng.random() < 0.5:
        text = f"{n}同志任{''.join(p)}（兼）、{''.join(q)}"
        return text, [_item(n, True, p, "任", concurrent=True), _item(n, True, q, "任")]
    text = f"{n}同志任{''.join(p)}，兼任{''.join(q)}"
    return text, [_item(n, True, p, "任"), _item(n, True, q, "任", concurrent=True)]


def _party_post(w: _Writer) -> _Clause:
    """ "任区财政局局长、党组书记": the second post is the same bureau's."""
    n = w.name()
    org = w.rng.choice([o for o in w.region.orgs if o.endswith("局")] or w.region.orgs)
    titles = _titles(org)
    first = "局长" if "局长" in titles else titles[0]
    second = "党组书记" if org.endswith("局") else titles[-1]
    if second == first:
        return _appoint(w)
    text = f"{n}同志任{org}{first}、{second}"
    return text, [_item(n, True, (org, first), "任"), _item(n, True, (org, second), "任")]


def _rank(w: _Writer) -> _Clause:
    n, r = w.name(), w.rng.choice(RANKS)
    if w.rng.random() < 0.5:
        return f"{n}同志为{r}", [_item(n, True, ("", r), "为", rank=True)]
    return f"免去{n}同志{r}职级", [_item(n, False, ("", r), "免去", rank=True)]


def _probation_part(w: _Writer) -> _Clause:
    n, p, term = w.name(), w.post(), w.rng.choice(PROBATIONS)
    return f"{n}同志任{''.join(p)}，试用期{term}", [_item(n, True, p, "任", probation=term)]


def _concurrent_removal(w: _Writer) -> _Clause:
    n, q = w.name(), w.post()
    return f"免去{n}同志{''.join(q)}（兼）职务", [_item(n, False, q, "免去", concurrent=True)]


def _no_longer(w: _Writer) -> _Clause:
    n, q = w.name(), w.post()
    return f"{n}同志不再担任{''.join(q)}职务", [_item(n, False, q, "不再担任")]


def _remove_two(w: _Writer) -> _Clause:
    n, p, q1, q2 = w.name(), w.post(), w.post(), w.post()
    if len({p, q1, q2}) < 3:
        return _appoint_remove(w)
    text = f"{n}同志任{''.join(p)}，免去其{''.join(q1)}、{''.join(q2)}职务"
    return text, [_item(n, True, p, "任"), _item(n, False, q1, "免去"), _item(n, False, q2, "免去")]


_SHAPES = (
    _appoint,
    _probation,
    _appoint_remove,
    _remove,
    _renming,
    _pinren,
    _jiepin,
    _guazhi,
    _several,
    _two_posts,
    _party_post,
    _rank,
    _probation_part,
    _concurrent_removal,
    _no_longer,
    _remove_two,
)
_WEIGHTS = (16, 7, 9, 14, 7, 3, 2, 3, 6, 6, 3, 4, 3, 2, 3, 3)


# Clause counts: most notices are short, a few are long lists (5 to 40 clauses).
def _clause_count(rng: random.Random) -> int:
    return min(40, 5 + int(rng.expovariate(1 / 8)))


def _section_clauses(w: _Writer, count: int) -> tuple[list[str], list[Item]]:
    """A notice in sections: 一、任职 / "X为A" …, 二、免职 / "X的A职务" …"""
    lines, items = [w.rng.choice(("一、任职", "一、任职：", "（一）任职"))], []
    appointed = max(1, count * 2 // 3)
    for k in range(count):
        if k == appointed:
            lines.append(w.rng.choice(("二、免职", "二、免职：", "（二）免职")))
        n, p = w.name(), w.post()
        if k < appointed:
            written, mode = (
                (f"{n}为{''.join(p)}", "为") if w.rng.random() < 0.6 else (f"{n}同志任{''.join(p)}", "任")
            )
            items.append(_item(n, True, p, mode))
        else:
            written = f"{n}的{''.join(p)}职务" if w.rng.random() < 0.5 else f"{n}同志{''.join(p)}职务"
            items.append(_item(n, False, p, "免去"))
        lines.append(written)
    return lines, items


def _clause_lines(w: _Writer, count: int) -> tuple[list[str], list[Item]]:
    """The body's clause lines: one clause a line, sometimes two, sometimes numbered."""
    clauses = [w.clause() for _ in range(count)]
    numbered = w.rng.choice(".．、") if w.rng.random() < 0.2 else ""
    lines: list[str] = []
    items: list[Item] = []
    k = 0
    while k < len(clauses):
        take = 2 if w.rng.random() < 0.1 and k + 1 < len(clauses) else 1
        text = "；".join(c[0] for c in clauses[k : k + take])
        for c in clauses[k : k + take]:
            items.extend(c[1])
        k += take
        lines.append(f"{len(lines) + 1}{numbered}{text}" if numbered else text)
    return lines, items


def _date(rng: random.Random, year: int) -> tuple[str, str]:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return f"{year}年{month}月{day}日", f"{year}-{month:02d}-{day:02d}"


def _notice(rng: random.Random, region: Region) -> Notice:
    w = _Writer(rng, region)
    region.serial += 1
    year = rng.randint(2015, 2025)
    number = f"{region.abbr}〔{year}〕{region.serial}号"
    level = region.level
    count = _clause_count(rng)
    sectioned = rng.random() < 0.12
    lines, items = _section_clauses(w, count) if sectioned else _clause_lines(w, count)
    ends = [("" if ln.endswith(("任职", "免职", "：")) else "；") for ln in lines]
    if ends and ends[-1]:
        ends[-1] = "。"
    body = [ln + end for ln, end in zip(lines, ends, strict=True)]
    if rng.random() < 0.15 and not sectioned:
        body = [ln.translate(_HALF_WIDTH) for ln in body]  # typed with a half-width keyboard
    first = items[0].person
    title = rng.choice(
        (f"关于{first}等同志职务任免的通知", "关于人员职务任免的通知", f"关于{first}等同志任免职的通知")
    )
    if len(items) == 1:
        title = f"关于{first}同志{'任职' if items[0].appoint else '免职'}的通知"
    written, iso = _date(rng, year)
    recipients = rng.choice(
        (
            f"各镇人民政府、街道办事处，{level}直各单位：",
            f"各乡镇人民政府，{level}直各单位：",
            f"各镇人民政府、街道办事处，{level}直及驻{level}各单位：",
        )
    )
    preface = rng.choice(
        ("经研究，同意：", "经研究，决定：", f"经{level}人民政府研究决定：", "经研究，同意：")
    )
    closing = rng.choice(("", "", "特此通知。", f"以上同志任职时间从{written}起计算。"))
    doc = [number, "", region.issuer, title, "", recipients, preface, *body]
    doc += [closing] if closing else []
    doc += ["", "", region.issuer, written]
    web = rng.random() < 0.1
    if web:
        doc = _web_page(rng, region, number, title, iso, doc)
    text = "\n".join(doc)
    traditional = rng.random() < 0.03
    if traditional:
        text = text.translate(_TRADITIONAL)
    return Notice(text, number, region.issuer, tuple(items), web, traditional)


def _web_page(
    rng: random.Random, region: Region, number: str, title: str, iso: str, doc: list[str]
) -> list[str]:
    """The notice as pasted from the government's site: metadata, heading, chrome."""
    head = [
        f"索 引 号：{rng.randint(1000, 9999)}/{iso[:4]}-{rng.randint(0, 99999):05d}      主题分类：人事任免",
        f"发布机构：{region.issuer}      文    号：{number}",
        f"发布日期：{iso}      有 效 性：有效",
        f"{region.issuer}{title}",
        f"发布时间：{iso} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}  来源：{region.level}政府办  "
        f"浏览次数：{rng.randint(10, 9999)}  字体：[ 大 中 小 ]",
    ]
    tail = [
        rng.choice(("【打印本页】 【关闭窗口】", "【打印】【关闭】", "分享到：", "扫一扫在手机打开当前页"))
    ]
    # Most pages print the document without its 文号 line (the metadata states it).
    return head + (doc if rng.random() < 0.4 else doc[1:]) + tail


def generate(n: int, seed: int = 13, regions: int | None = None) -> Iterator[Notice]:
    """n notices of `regions` issuers (about one for every 25 notices, at least 20), in order."""
    rng = random.Random(seed)  # noqa: S311 — benchmark data, not a secret
    pool = [_region(rng) for _ in range(regions or max(20, min(400, n // 25)))]
    for _ in range(n):
        yield _notice(rng, rng.choice(pool))


def generate_notices(n: int, seed: int = 13) -> list[str]:
    """The texts of n generated notices."""
    return [notice.text for notice in generate(n, seed)]


def archive(n: int, seed: int = 13) -> str:
    """n generated notices back to back, as one text file of an archive."""
    return "\n".join(generate_notices(n, seed)) + "\n"
