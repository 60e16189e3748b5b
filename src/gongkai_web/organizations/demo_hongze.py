"""The second reference agency of the demo: 淮安市人民政府 → 淮安市洪泽区人民政府, and its staff.

Its 2024 report (../shared/corpus/reference/hongze-2024.pdf) is reproduced from records that
the publishing, cases and annual-reports demo_hongze modules enter through the services. Kept
apart from ``organizations.demo``, whose tree the tests' cast loads. The credit codes and the
people are made up.
"""

from __future__ import annotations

from gongkai_web.demo import DemoLogin
from gongkai_web.organizations.demo import load_tree, logins_of
from gongkai_web.organizations.models import Kind, Level, Role

AGENCY = "淮安市洪泽区人民政府"

AGENCIES: tuple[tuple[str, str, str, str, str, str | None, dict[str, str]], ...] = (
    ("淮安市人民政府", "淮安市", "11320800005000001K", Level.CITY, Kind.GOVERNMENT, None, {}),
    (
        AGENCY,
        "洪泽区",
        "11320813005000002H",
        Level.COUNTY,
        Kind.GOVERNMENT,
        "淮安市人民政府",
        {
            # Its published report names the district government's office as the working body.
            "office_name": "淮安市洪泽区人民政府办公室",
            "office_address": "淮安市洪泽区（演示地址）",
            "office_hours": "工作日 8:30–12:00，14:00–17:30",
            "office_phone": "0517-0000001",
        },
    ),
)

# Four people, as for 新华区教育局: a catalogue entry's 初审 is by a clerk other than its drafter,
# and a reply or a report is drafted, reviewed and signed by three.
USERS: tuple[tuple[str, str, str, str, str], ...] = (
    ("hongze_clerk", "许登记", AGENCY, Role.CLERK, ""),
    ("hongze_editor", "何编辑", AGENCY, Role.CLERK, ""),
    ("hongze_reviewer", "吕审核", AGENCY, Role.REVIEWER, ""),
    ("hongze_leader", "施领导", AGENCY, Role.LEADER, ""),
)


def load() -> list[str]:
    return load_tree(AGENCIES, USERS)


def logins() -> list[DemoLogin]:
    return logins_of(USERS)
