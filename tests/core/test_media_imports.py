import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook

from gongkai.media.imports import ImportRejected, read_csv, read_rss, read_xlsx

SH = ZoneInfo("Asia/Shanghai")


def test_it_reads_a_wechat_style_csv_in_local_time():
    data = "文章标题,发表时间,文章链接\n开学通知,2024-02-26 08:30,https://mp.weixin.qq.com/s/a\n".encode()
    (post,) = read_csv(data, SH)
    assert post.title == "开学通知"
    assert post.published_at == dt.datetime(2024, 2, 26, 8, 30, tzinfo=SH)
    assert post.row == 2


def test_it_reads_gb18030_exports():
    data = "标题,发布时间\n通知,2024/03/01 09:00\n".encode("gb18030")
    assert read_csv(data, SH)[0].title == "通知"


def test_it_reports_every_bad_row_and_returns_nothing():
    data = (
        "标题,发布时间,链接\n"
        "好的一行,2024-03-01 09:00,https://a\n"
        ",2024-03-01 09:00,\n"
        "坏时间,下周一,\n"
        "坏链接,2024-03-02 09:00,www.example.com\n"
        "好的一行,2024-03-01 09:00,\n"
    ).encode()
    with pytest.raises(ImportRejected) as caught:
        read_csv(data, SH)
    assert [str(e) for e in caught.value.errors] == [
        "第 3 行：缺少标题",
        "第 4 行：发布时间“下周一”无法识别，请写成“2024-03-01 09:30”的形式",
        "第 5 行：链接“www.example.com”应以 http:// 或 https:// 开头",
        "第 6 行：与第 2 行重复（标题和发布时间相同）",
    ]


def test_it_names_missing_columns():
    with pytest.raises(ImportRejected, match="表头缺少“发布时间”列"):
        read_csv("标题,链接\n甲,\n".encode(), SH)
    with pytest.raises(ImportRejected, match="没有可导入的数据行"):
        read_csv("标题,发布时间\n,\n".encode(), SH)


def test_it_reads_xlsx_with_real_datetimes():
    book = Workbook()
    book.active.append(["标题", "发布时间", "正文"])
    book.active.append(["周报", dt.datetime(2024, 5, 6, 17, 0), "内容"])
    out = io.BytesIO()
    book.save(out)
    (post,) = read_xlsx(out.getvalue(), SH)
    assert (post.title, post.body, post.published_at.hour) == ("周报", "内容", 17)
    with pytest.raises(ImportRejected, match="不是有效的 XLSX"):
        read_xlsx(b"not a workbook", SH)


def test_it_reads_rss_and_atom():
    rss = b"""<rss version="2.0"><channel><item><title>A</title><link>https://x/1</link>
      <pubDate>Mon, 06 May 2024 09:00:00 +0800</pubDate><description>d</description></item></channel></rss>"""
    (post,) = read_rss(rss, SH)
    assert post.published_at == dt.datetime(2024, 5, 6, 1, 0, tzinfo=dt.UTC)
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>B</title>
      <link href="https://x/2"/><published>2024-05-07T10:00:00+08:00</published></entry></feed>"""
    assert read_rss(atom, SH)[0].link == "https://x/2"
    with pytest.raises(ImportRejected, match="RSS 不是有效的 XML"):
        read_rss(b"<rss>", SH)
