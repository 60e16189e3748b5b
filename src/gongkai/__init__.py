"""gongkai's pure core: the annual report, its rules, renderers, the calendar and the parser.

Nothing under this package imports Django (an import-linter contract enforces it), reads the
clock or touches a database: functions take values and return values.
"""

__version__ = "0.1.0"
