"""Proactive disclosure (主动公开) as pure values: the 错敏词 matcher, 索引号 templates,
search tokens, the Art. 26 timeliness check, the review rules and table 二 counting."""
