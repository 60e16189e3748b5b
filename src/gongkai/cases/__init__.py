"""Disclosure applications (依申请公开) as values: states, outcomes, letter numbers, counting."""
