"""The 政府信息公开指南 (Art. 12) composed from the agency's own data.

Art. 12 requires: how information is classified and arranged, how to obtain it, and the
disclosure working body's name, address, office hours, telephone, fax and internet contact.
Practice guides add the application procedure, the time limits and the reply types; those
come from the regulation itself (Arts. 29–33, 36).
"""

from __future__ import annotations

from gongkai_web.organizations.models import Agency
from gongkai_web.publishing.models import Category

NOT_SET = "（未填写，请在机关信息中补充）"


def compose(agency: Agency) -> str:
    categories = list(Category.objects.filter(agency=agency).order_by("position", "pk"))
    roots = [c for c in categories if c.parent_id is None]
    lines = [
        f"{agency.name}政府信息公开指南",
        "",
        "为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》"
        "（以下简称《条例》），编制本指南。",
        "",
        "一、信息分类与编排体系",
        f"本机关主动公开的政府信息按目录分类编排，共 {len(roots)} 类：",
    ]
    for number, root in enumerate(roots, 1):
        children = "、".join(c.name for c in categories if c.parent_id == root.pk)
        lines.append(f"（{number}）{root.name}" + (f"：{children}" if children else ""))
    lines += [
        "每条信息标注索引号、名称、发布机构、文号、成文日期、发布日期、有效性、主题分类和内容概述。",
        "",
        "二、获取方式",
        "（一）主动公开：通过本平台的政府信息公开目录、全文检索和订阅源查阅；"
        "主动公开的信息自形成或者变更之日起 20 个工作日内予以公开。",
        "（二）依申请公开：公民、法人或者其他组织可以向本机关申请获取相关政府信息。",
        "",
        "三、政府信息公开工作机构",
        f"名称：{agency.office_name or NOT_SET}",
        f"办公地址：{agency.office_address or NOT_SET}",
        f"办公时间：{agency.office_hours or NOT_SET}",
        f"联系电话：{agency.office_phone or NOT_SET}",
        f"传真：{agency.office_fax or NOT_SET}",
        f"电子邮箱：{agency.office_email or NOT_SET}",
        "",
        "四、申请的提出与办理",
        "申请应当采用书面形式（包括数据电文形式），写明申请人的姓名或者名称、身份证明、联系方式，"
        "所需政府信息的名称、文号或者便于查询的其他特征性描述，"
        "以及获取信息的方式、途径（《条例》第二十九条）。",
        "申请内容不明确的，本机关自收到申请之日起 7 个工作日内"
        "一次性告知需要补正的事项（《条例》第三十条）。",
        "本机关自收到申请之日起 20 个工作日内予以答复；"
        "需要延长的，经工作机构负责人同意并告知申请人，"
        "延长期限最长不超过 20 个工作日（《条例》第三十三条）。"
        "征求第三方和其他机关意见所需时间不计算在内。",
        "",
        "五、收费",
        "本机关依申请提供政府信息，不收取费用；申请数量、频次明显超过合理范围的，"
        "按照《政府信息公开信息处理费管理办法》收取信息处理费。",
        "",
        "六、监督和救济",
        "认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，"
        "也可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。",
    ]
    return "\n".join(lines)
