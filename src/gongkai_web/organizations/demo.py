"""Demo agencies and a user for every role.

平顶山市 → 新华区人民政府 → 新华区教育局 (its 电教馆 leads disclosure work; schools below)
and two more 新华区 departments. The credit codes are made up (with valid check characters)
and so are the people; every demo password is DEMO_PASSWORD.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from gongkai_web.accounts import services as accounts
from gongkai_web.audit.services import SYSTEM
from gongkai_web.demo import DemoLogin
from gongkai_web.organizations import services
from gongkai_web.organizations.models import Agency, Kind, Level, Role, RoleGrant

DEMO_PASSWORD = "Gongkai#2024"

# name, short name, credit code, level, kind, parent name, office fields
AGENCIES: tuple[tuple[str, str, str, str, str, str | None, dict[str, str]], ...] = (
    ("平顶山市人民政府", "平顶山市", "11410400005000001H", Level.CITY, Kind.GOVERNMENT, None, {}),
    (
        "新华区人民政府",
        "新华区",
        "11410402005000002H",
        Level.COUNTY,
        Kind.GOVERNMENT,
        "平顶山市人民政府",
        {
            "office_name": "新华区人民政府办公室（政务公开办）",
            "office_address": "平顶山市新华区（演示地址）",
            "office_hours": "工作日 8:30–12:00，14:30–17:30",
            "office_phone": "0375-0000001",
        },
    ),
    (
        "新华区教育局",
        "区教育局",
        "11410402005000003L",
        Level.DEPARTMENT,
        Kind.DEPARTMENT,
        "新华区人民政府",
        {
            # The seed report: the 电教馆 leads the bureau's disclosure work.
            "office_name": "新华区电化教育馆（新华区教育局政务公开工作牵头单位）",
            "office_address": "平顶山市新华区（演示地址）",
            "office_hours": "工作日 8:30–12:00，14:30–17:30",
            "office_phone": "0375-0000003",
            "office_fax": "0375-0000004",
            "office_email": "gongkai@example.gov.cn",
        },
    ),
    (
        "新华区电化教育馆",
        "电教馆",
        "12410402MB0000004T",
        Level.UNIT,
        Kind.UNIT,
        "新华区教育局",
        {},
    ),
    ("新华区实验小学", "实验小学", "12410402MB0000005X", Level.UNIT, Kind.UNIT, "新华区教育局", {}),
    ("新华区第一中学", "第一中学", "12410402MB00000061", Level.UNIT, Kind.UNIT, "新华区教育局", {}),
    (
        "新华区财政局",
        "区财政局",
        "114104020050000071",
        Level.DEPARTMENT,
        Kind.DEPARTMENT,
        "新华区人民政府",
        {"office_name": "新华区财政局办公室", "office_phone": "0375-0000007"},
    ),
    (
        "新华区卫生健康委员会",
        "区卫健委",
        "114104020050000084",
        Level.DEPARTMENT,
        Kind.DEPARTMENT,
        "新华区人民政府",
        {"office_name": "新华区卫生健康委员会办公室", "office_phone": "0375-0000008"},
    ),
)

# username, full name, agency, role, made-up ID number (or "")
USERS: tuple[tuple[str, str, str, str, str], ...] = (
    ("jiaoyu_clerk", "王登记", "新华区教育局", Role.CLERK, "410402199003074569"),
    ("jiaoyu_editor", "陈编辑", "新华区教育局", Role.CLERK, ""),
    ("jiaoyu_reviewer", "李审核", "新华区教育局", Role.REVIEWER, ""),
    ("jiaoyu_leader", "赵领导", "新华区教育局", Role.LEADER, ""),
    ("caizheng_clerk", "钱登记", "新华区财政局", Role.CLERK, ""),
    ("weijian_clerk", "孙登记", "新华区卫生健康委员会", Role.CLERK, ""),
    ("xinhua_supervisor", "周公开", "新华区人民政府", Role.SUPERVISOR, ""),
    ("sysadmin", "吴系统", "新华区人民政府", Role.SYSADMIN, "410402198001011236"),
    ("secadmin", "郑安全", "新华区人民政府", Role.SECADMIN, ""),
    ("auditor", "冯审计", "新华区人民政府", Role.AUDITOR, ""),
)


def load() -> list[str]:
    return load_tree(AGENCIES, USERS)


def load_tree(
    agencies: tuple[tuple[str, str, str, str, str, str | None, dict[str, str]], ...],
    users: tuple[tuple[str, str, str, str, str], ...],
) -> list[str]:
    """Create the agencies (parents first) and the users with their grants that are missing."""
    lines: list[str] = []
    for name, short, code, level, kind, parent_name, office in agencies:
        if Agency.objects.filter(name=name).exists():
            continue
        parent = Agency.objects.get(name=parent_name) if parent_name else None
        services.create_agency(
            actor=SYSTEM,
            name=name,
            credit_code=code,
            level=level,
            kind=kind,
            parent=parent,
            short_name=short,
            **office,
        )
        lines.append(f"机关：{name}")
    for username, full_name, agency_name, role, id_number in users:
        agency = Agency.objects.get(name=agency_name)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = accounts.create_account(
                actor=SYSTEM,
                username=username,
                full_name=full_name,
                agency=agency,
                password=DEMO_PASSWORD,
                id_number=id_number,
                must_change_password=False,  # so the demo logins work at once
            )
            lines.append(f"账号：{username}（{Role(role).label}，{agency_name}）")
        if not RoleGrant.objects.filter(user=user, agency=agency, role=role).exists():
            services.grant_role(actor=SYSTEM, user=user, agency=agency, role=role)
    return lines


def logins_of(users: tuple[tuple[str, str, str, str, str], ...]) -> list[DemoLogin]:
    return [
        DemoLogin(username=u, password=DEMO_PASSWORD, role=Role(r).label, agency=a)
        for u, _, a, r, _ in users
    ]


def logins() -> list[DemoLogin]:
    return logins_of(USERS)
