"""The public catalogue and its search with 200,000 entries (issue 6: search p95 ≤ 50 ms,
catalogue page p95 ≤ 100 ms).

Runs against a scratch database: a fresh SQLite file by default, or the PostgreSQL database
named by GONGKAI_BENCH_DATABASE_URL (its publishing tables are emptied first and afterwards).
The texts are drawn from a vocabulary of disclosure and education words with Zipf-like
frequencies, so a common two-character word such as 公开 matches a large share of the
catalogue, as it would on a real site.

Baselines, in the same run: for search, the same terms found with ``LIKE '%term%'`` over the
same published entries (what a site without an index does); for pages, the portal page of one
entry (a primary-key read and a template render: the floor of any page on this stack).
"""

from __future__ import annotations

import itertools
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

N = int(os.environ.get("GONGKAI_BENCH_ENTRIES", "200000"))
SEARCH_RUNS = 300
PAGE_RUNS = 200
# Words of disclosure texts, used as the common part of the vocabulary.
WORDS = tuple(
    [
        "信息",
        "政府",
        "教育",
        "工作",
        "通知",
        "方案",
        "规定",
        "管理",
        "办法",
        "实施",
        "意见",
        "报告",
        "年度",
        "预算",
        "决算",
        "教师",
        "学生",
        "义务",
        "民办",
        "培训",
        "许可",
        "审批",
        "结果",
        "公示",
        "公告",
        "招聘",
        "职称",
        "评审",
        "服务",
        "安全",
        "检查",
        "整改",
        "资助",
        "营养",
        "改善",
        "计划",
        "校舍",
        "建设",
        "项目",
        "采购",
        "标准",
        "依据",
        "程序",
        "条件",
        "材料",
        "办理",
        "时限",
        "答复",
        "咨询",
        "电话",
        "地址",
        "机构",
        "职能",
        "领导",
        "分工",
        "规划",
        "发展",
        "统计",
        "数据",
        "质量",
        "监测",
        "考试",
        "体育",
        "艺术",
        "卫生",
        "健康",
        "应急",
        "预案",
        "家长",
        "社会",
        "监督",
        "投诉",
        "举报",
        "处理",
        "行政",
        "处罚",
        "强制",
        "复议",
        "文件",
        "废止",
        "修订",
        "附件",
        "说明",
        "解读",
        "政策",
        "措施",
        "落实",
        "情况",
        "总结",
        "要点",
        "部署",
        "推进",
        "会议",
    ]
)
# The searched terms and the share of entries each is put into, as on a real site: 公开 is in
# a quarter of everything an agency publishes, most words in a few percent or less.
RATES = {"公开": 0.25, "申请": 0.08, "学校": 0.10, "招生": 0.03, "督导": 0.01, "工作日": 0.02,
         "教育局": 0.05, "助学金": 0.005, "信息公开": 0.03, "义务教育": 0.02, "招生入学": 0.01,
         "学区": 0.01, "小学": 0.05, "课后服务": 0.005, "收费": 0.02}  # fmt: skip
TERMS = (*RATES, "学区 小学", "课后服务 收费", "不动产登记")


def _setup_django() -> str:
    url = os.environ.get("GONGKAI_BENCH_DATABASE_URL", "")
    if not url and os.environ.get("GONGKAI_BENCH_SQLITE"):
        # Measure again on a database an earlier run loaded (the load takes minutes).
        url = f"sqlite:///{os.environ['GONGKAI_BENCH_SQLITE']}"
    if not url:
        scratch = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
        url = f"sqlite:///{scratch / 'catalogue.sqlite3'}"
        os.environ["GONGKAI_VAR_DIR"] = str(scratch)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_web.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url.split(":", 1)[0]


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """The disclosure words plus 5,000 filler words of two or three characters drawn from the
    commonest block of CJK ideographs, with Zipf-like weights."""
    chars = [chr(code) for code in range(0x4E00, 0x6400)]
    filler = {"".join(rng.choices(chars, k=rng.choice((2, 2, 3)))) for _ in range(5000)}
    words = [*WORDS, *sorted(filler)]
    weights = [1 / (rank + 1) for rank in range(len(words))]
    rng.shuffle(weights)
    return words, weights


def _text(rng: random.Random, words: list[str], weights: list[float], count: int) -> list[str]:
    return rng.choices(words, cum_weights=weights, k=count)


def _load(rng: random.Random) -> tuple[list[int], dict[int, list[int]], list[int]]:
    import datetime as dt

    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.publishing.search_text import facets, index_text
    from gongkai_web.organizations.models import Agency
    from gongkai_web.publishing.models import Category, Entry, IndexCounter

    Entry.objects.all().delete()
    IndexCounter.objects.all().delete()
    # Children first: a category's parent is protected.
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.all().delete()
    user, _ = User.objects.get_or_create(username="bench")
    agencies = []
    for n in range(4):
        agency, _ = Agency.objects.get_or_create(
            name=f"基准测试机关{n}",
            defaults={"credit_code": f"BENCH{n:013d}", "level": "department",
                      "kind": "department", "path": f"9{n:05d}/"},
        )  # fmt: skip
        agencies.append(agency)
    categories: dict[int, list[int]] = {}
    lineage: dict[int, tuple[int, ...]] = {}  # a category and its ancestors, for the facets
    for agency in agencies:
        ids = []
        for r in range(9):
            root = Category.objects.create(agency=agency, name=f"分类{r}", position=r)
            ids.append(root.pk)
            lineage[root.pk] = (root.pk,)
            for c in range(2):
                child = Category.objects.create(agency=agency, parent=root, name=f"分类{r}-{c}")
                ids.append(child.pk)
                lineage[child.pk] = (child.pk, root.pk)
        categories[agency.pk] = ids
    words, weights = _vocabulary(rng)
    cumulative = list(itertools.accumulate(weights))
    now = timezone.now()
    start = dt.date(2015, 1, 1)
    # Three quarters of the catalogue belongs to one agency: the worst case for its pages.
    shares = [0.75, 0.1, 0.1, 0.05]
    batch: list[Entry] = []
    published_ids: list[int] = []
    started = time.perf_counter()
    with transaction.atomic():
        for i in range(N):
            agency = rng.choices(agencies, weights=shares)[0]
            title = _text(rng, words, cumulative, rng.randint(4, 8))
            summary = _text(rng, words, cumulative, rng.randint(8, 15))
            body = _text(rng, words, cumulative, rng.randint(30, 60))
            for term, rate in RATES.items():
                if rng.random() < rate:
                    target = title if rng.random() < 0.3 else body
                    target.insert(rng.randrange(len(target) + 1), term)
            title, summary, body = "".join(title), "".join(summary), "".join(body)
            # Entered roughly in the order they were published, as on a live site.
            day = start + dt.timedelta(days=i * 3950 // N + rng.randint(0, 3))
            category = rng.choice(categories[agency.pk])
            validity = rng.choice(("valid", "valid", "valid", "expired", "repealed"))
            entry = Entry(
                agency=agency, index_number=f"{agency.credit_code}/{day.year}-{i:06d}",
                title=title, publisher=agency.name, formed_on=day, written_on=day,
                published_on=day, category_id=category, summary=summary,
                body=body, status="published" if rng.random() < 0.97 else "draft",
                validity=validity, search_title=index_text(title),
                search_body=index_text(summary, body),
                search_facets=facets(agency=agency.pk, year=day.year,
                                     categories=lineage[category], validity=validity),
                created_by=user, created_at=now, updated_at=now,
            )  # fmt: skip
            batch.append(entry)
            if len(batch) == 5000:
                Entry.objects.bulk_create(batch)
                batch = []
        if batch:
            Entry.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does on a live site: statistics, and the visibility map that
            # lets a count be answered from the index alone.
            cursor.execute("VACUUM ANALYZE publishing_entry")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    published_ids = list(
        Entry.objects.filter(status="published").values_list("pk", flat=True)[:2000]
    )
    print(f"loaded {N:,} entries in {time.perf_counter() - started:.1f} s")
    return [a.pk for a in agencies], categories, published_ids


def _loaded() -> bool:
    from gongkai_web.publishing.models import Entry

    reuse = os.environ.get("GONGKAI_BENCH_SQLITE") or os.environ.get("GONGKAI_BENCH_REUSE")
    return bool(reuse) and Entry.objects.count() == N


def _existing() -> tuple[list[int], dict[int, list[int]], list[int]]:
    from gongkai_web.organizations.models import Agency
    from gongkai_web.publishing.models import Category, Entry

    agencies = list(
        Agency.objects.filter(name__startswith="基准测试机关")
        .order_by("name")
        .values_list("pk", flat=True)
    )
    categories = {
        pk: list(Category.objects.filter(agency_id=pk).order_by("pk").values_list("pk", flat=True))
        for pk in agencies
    }
    ids = list(Entry.objects.filter(status="published").values_list("pk", flat=True)[:2000])
    print(f"reusing the {N:,} entries an earlier run loaded")
    return agencies, categories, ids


def _p(times: list[float], q: float) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[int(q) - 1] * 1000


CPU: dict[int, list[float]] = {}  # id(wall times) → this process's CPU times of the same calls


def _timed(calls: list[Callable[[], object]]) -> list[float]:
    """Wall-clock times; the process CPU times of the same calls go to CPU. On a machine
    shared with other work the CPU time shows what an idle machine would take (on SQLite all
    the database work runs in this process; on PostgreSQL it does not, so only wall counts)."""
    for call in calls[:10]:
        call()  # warm the caches the way a running site has them warm
    times: list[float] = []
    cpu: list[float] = []
    for call in calls:
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[id(times)] = cpu
    return times


def _cpu(times: list[float]) -> str:
    cpu = CPU[id(times)]
    return f"  [CPU p50 {_p(cpu, 50):6.1f} ms  p95 {_p(cpu, 95):6.1f} ms]"


def main() -> None:
    vendor = _setup_django()
    from django.db import connection
    from django.test import Client

    from gongkai_web.publishing.selectors import SearchFilters, search

    rng = random.Random(6)
    agencies, categories, entry_ids = _existing() if _loaded() else _load(rng)
    big = agencies[0]

    def search_call(term: str, filters: SearchFilters) -> Callable[[], object]:
        return lambda: search(term, filters, page=1)

    calls = []
    for _ in range(SEARCH_RUNS):
        term = rng.choice(TERMS)
        choice = rng.random()
        if choice < 0.5:
            filters = SearchFilters()
        elif choice < 0.8:
            filters = SearchFilters(agency_id=big, year=rng.randint(2015, 2025))
        else:
            filters = SearchFilters(agency_id=big, category_id=rng.choice(categories[big]),
                                    validity="valid")  # fmt: skip
        calls.append(search_call(term, filters))
    search_times = _timed(calls)

    def like(term: str) -> Callable[[], object]:
        words = term.split()
        where = " AND ".join("(title LIKE %s OR summary LIKE %s OR body LIKE %s)" for _ in words)
        params = [f"%{w}%" for w in words for _ in range(3)]

        def run() -> object:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT count(*) FROM publishing_entry WHERE status = 'published' AND {where}",
                    params,
                )
                cursor.fetchone()
                cursor.execute(
                    f"SELECT id FROM publishing_entry WHERE status = 'published' AND {where} "
                    "ORDER BY published_on DESC LIMIT 20",
                    params,
                )
                return cursor.fetchall()

        return run

    like_times = _timed([like(rng.choice(TERMS)) for _ in range(40)])

    client = Client()
    page_calls = []
    for _ in range(PAGE_RUNS):
        agency = rng.choice(agencies[:2])
        category = rng.choice([None, *categories[agency][:9:1]])
        query = f"?page={rng.randint(1, 50)}" + (f"&category={category}" if category else "")
        page_calls.append(lambda u=f"/gk/agency/{agency}/{query}": _get(client, u))
    page_times = _timed(page_calls)
    entry_times = _timed(
        [lambda u=f"/gk/entry/{pk}/": _get(client, u) for pk in rng.sample(entry_ids, 200)]
    )

    print(f"database: {vendor}, {N:,} entries")
    cpu = vendor == "sqlite"
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    rows = (
        ("baseline: LIKE '%term%' count + top 20", like_times, None, ""),
        ("search: full-text index, count + top 20", search_times, like_times, "≤ 50 ms"),
        ("baseline: one entry's page", entry_times, None, ""),
        ("catalogue page: tree + count + 20 rows", page_times, entry_times, "≤ 100 ms"),
    )
    for label, times, base, target in rows:
        line = f"{label:45} p50 {_p(times, 50):7.1f} ms  p95 {_p(times, 95):7.1f} ms"
        if base is not None:
            line += (f"  ({_p(times, 50) / _p(base, 50):.2f}× / {_p(times, 95) / _p(base, 95):.2f}×"
                     f" baseline p50 / p95)  target p95 {target}")  # fmt: skip
        print(line + (_cpu(times) if cpu else ""))
    from gongkai_web.publishing.models import Entry

    if os.environ.get("GONGKAI_BENCH_DATABASE_URL") and not os.environ.get("GONGKAI_BENCH_REUSE"):
        Entry.objects.all().delete()


def _get(client: object, url: str) -> None:
    response = client.get(url)  # type: ignore[attr-defined]
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code}")
