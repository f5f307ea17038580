"""split_post: a post → (organisation, title)."""

import pytest

from duban.core.posts import ends_with_title, is_rank, split_post


@pytest.mark.parametrize(
    ("post", "org", "title"),
    [
        ("区统计局副局长", "区统计局", "副局长"),
        ("区人力资源和社会保障局劳动人事争议仲裁院院长", "区人力资源和社会保障局劳动人事争议仲裁院", "院长"),
        ("陆城镇综合执法大队大队长", "陆城镇综合执法大队", "大队长"),
        ("区供销合作联社监事会副主任", "区供销合作联社监事会", "副主任"),
        ("区供销合作联社理事会主任", "区供销合作联社理事会", "主任"),
        ("区应急管理局专职执法副局长", "区应急管理局", "专职执法副局长"),
        ("长岭街道办事处副主任", "长岭街道办事处", "副主任"),
        ("区应急管理局执法局局长", "区应急管理局执法局", "局长"),
        ("区市场监督管理局云溪市场监督管理所所长", "区市场监督管理局云溪市场监督管理所", "所长"),
        ("区城发建设投资集团有限责任公司副总经理", "区城发建设投资集团有限责任公司", "副总经理"),
        (
            "湖南岳阳绿色化工高新技术产业开发区财政金融部副部长",
            "湖南岳阳绿色化工高新技术产业开发区财政金融部",
            "副部长",
        ),
        ("区政府办副主任", "区政府办", "副主任"),
        ("区统计局总统计师", "区统计局", "总统计师"),
        ("区农业农村局总农艺师", "区农业农村局", "总农艺师"),
        ("区财政局总会计师", "区财政局", "总会计师"),
        ("区疾病预防控制中心主任", "区疾病预防控制中心", "主任"),
        ("区妇幼保健院院长", "区妇幼保健院", "院长"),
        ("区统计局党组书记", "区统计局", "党组书记"),
        ("区人民政府副区长", "区人民政府", "副区长"),
        ("陆城镇镇长", "陆城镇", "镇长"),
        # an open "…长" title not in the list
        ("区图书馆馆长", "区图书馆", "馆长"),
        ("区气象站副站长", "区气象站", "副站长"),
        # ranks
        ("一级主任科员", "", "一级主任科员"),
        ("四级调研员", "", "四级调研员"),
        ("区统计局一级主任科员", "区统计局", "一级主任科员"),
        # a bare title, and text without any title
        ("副局长", "", "副局长"),
        ("区统计局", "", "区统计局"),
        ("", "", ""),
    ],
)
def test_it_splits_the_trailing_title(post, org, title):
    assert split_post(post) == (org, title)


@pytest.mark.parametrize(
    ("post", "expected"),
    [("一级主任科员", True), ("区统计局二级主任科员", True), ("科员", True), ("区统计局副局长", False)],
)
def test_it_tells_ranks_from_positions(post, expected):
    assert is_rank(post) is expected


@pytest.mark.parametrize(
    ("post", "expected"),
    [("区统计局副局长", True), ("三级调研员", True), ("区统计局", False), ("区粮食局、区统计局", False)],
)
def test_it_knows_whether_a_title_ends_the_post(post, expected):
    assert ends_with_title(post) is expected
