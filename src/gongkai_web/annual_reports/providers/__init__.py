"""Where the report's numbers come from: small providers that other apps' records feed.

A provider returns, for every number it gives, the records behind it (``Figure.refs``), so that
every cell of a draft opens the list it counts. Each provider says whether it is available:
when its app is not installed the report shows zeros with a note "尚无…记录", never a guess.
"""

from gongkai_web.annual_reports.providers.registry import (
    Fact,
    Figure,
    Provided,
    Ref,
    collect_facts,
    collect_tables,
    fact_providers,
    register_fact_provider,
    register_table2_provider,
    register_table3_4_provider,
    table2_provider,
    table3_4_provider,
)

__all__ = [
    "Fact",
    "Figure",
    "Provided",
    "Ref",
    "collect_facts",
    "collect_tables",
    "fact_providers",
    "register_fact_provider",
    "register_table2_provider",
    "register_table3_4_provider",
    "table2_provider",
    "table3_4_provider",
]
