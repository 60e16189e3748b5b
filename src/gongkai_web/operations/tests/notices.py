"""Notice texts for the tests.

NOTICE_2027 IS INVENTED FOR THE TESTS. The State Council's 2027 schedule is not known to us; the
text imitates the published notices (2025/2026 wording, weekdays checked against 2027) so that
the tests can enter a year the shipped calendar lacks. Never load it into a real calendar.
"""

NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知（测试用虚构文本）
国办发明电〔2026〕99号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：

　　经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。

　　一、元旦：1月1日（周五）至3日（周日）放假，共3天。

　　二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。2月13日（周六）、2月20日（周六）上班。

　　三、清明节：4月3日（周六）至5日（周一）放假，共3天。

　　四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。

　　五、端午节：6月9日（周三）放假1天，不调休。

　　六、中秋节：9月15日（周三）放假1天，不调休。

　　七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。

　　节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。

国务院办公厅
2026年11月20日
"""
