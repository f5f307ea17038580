"""`duban remind`, `duban deliver` and `duban inbox` from the command line."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from duban.reminders.models import Channel, ChannelKind, Notification
from tests.reminders.conftest import unit


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_remind_issues_and_prints_the_notices_once(july):
    text = run("remind", str(july.pk), "--today", "2024-08-06")
    assert "[黄色催办] 区财政局：逾期未报送3项" in text
    assert "督办单（黄色）" in text
    assert "没有需要新签发的督办单" in run("remind", str(july.pk), "--today", "2024-08-06")


def test_remind_json_lists_units_levels_and_items(july):
    data = json.loads(run("remind", str(july.pk), "--today", "2024-08-03", "--json"))
    finance = next(r for r in data["issued"] if r["unit"] == "区财政局")
    assert (finance["level"], finance["level_label"], finance["items"]) == ("blue", "蓝色提醒", [2, 3, 13])
    assert finance["reply_by"] == "2024-08-05" and data["today"] == "2024-08-03"


@pytest.mark.parametrize(
    ("args", "message"),
    [(["x"], "轮次编号“x”无效"), (["ROUND", "--today", "8月6日"], "--today 的日期“8月6日”无效")],
)
def test_bad_input_is_one_chinese_line_and_status_2(july, capsys, args, message):
    with pytest.raises(SystemExit) as exited:
        call_command("remind", *[str(july.pk) if a == "ROUND" else a for a in args])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_notices_lists_a_units_unread_notices(july):
    run("remind", str(july.pk), "--today", "2024-08-03")
    text = run("inbox", "区财政局", "--unread")
    assert text.startswith("区财政局：未读通知2条")  # the round's opening notice and the 督办单
    assert "【未读】调度通知：《2024年<政府工作报告>目标任务分解》目标任务 · 2024年1-7月" in text
    assert "【未读】督办单（蓝色）：《2024年<政府工作报告>目标任务分解》目标任务 · 2024年1-7月" in text
    Notification.objects.update(read_at="2024-08-04T10:00:00+08:00")
    assert run("inbox", "区财政局", "--unread").startswith("区财政局：未读通知0条")
    assert json.loads(run("inbox", "区财政局", "--json"))["notices"][0]["read"] is True


def test_deliver_sends_the_pending_mail_and_counts(july, mailoutbox):
    finance = unit("区财政局")
    Channel.objects.create(
        region=finance.region, unit=finance, kind=ChannelKind.EMAIL, target="czj@example.org"
    )
    run("remind", str(july.pk), "--today", "2024-08-06")
    assert run("deliver") == "已发送1条，待重试0条，发送失败0条\n"
    assert [m.to for m in mailoutbox] == [["czj@example.org"]]
    assert json.loads(run("deliver", "--json")) == {"sent": 0, "failed": 0, "retry": 0}


def test_remind_saves_each_order_as_a_word_document(july, tmp_path):
    import docx

    run("remind", str(july.pk), "--today", "2024-08-06", "--docx", str(tmp_path))
    [path] = [p for p in tmp_path.iterdir() if "区财政局" in p.name]
    assert path.name == "督办单-黄色催办-区财政局.docx"
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "区财政局：" in text and "第2项" in text and "2024年8月6日" in text
    assert "督办单（黄色）" in text
