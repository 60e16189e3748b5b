from gongkai.media.yearly import YearFigures, sentence


def test_it_says_the_seed_report_s_numbers():
    figures = YearFigures(23, 2135, 0, 0, 0, 0, 0, 0)
    assert sentence("新华区教育局", 2024, figures) == (
        "截至2024年12月31日，新华区教育局共有23个政务新媒体账号纳入矩阵管理；"
        "全年发布信息2135条，均落实“三审三校”。"
    )


def test_it_mentions_only_the_checks_done_and_the_posts_without_a_record():
    figures = YearFigures(5, 100, 3, 250, 0, 4, 6, 5)
    text = sentence("某局", 2025, figures)
    assert "全年开展每日巡查250次、季度通报4期，发现问题6个，已整改5个" in text
    assert "每周排查" not in text
    assert text.endswith("其中3条未留存完整的“三审三校”记录。")
