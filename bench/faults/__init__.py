"""The fault-injection suite (``make faults``, ``make faults-quick``): what gongkai does when a
process dies, PostgreSQL restarts or Redis goes away, on a stack of its own.

Each run starts, under a directory in /tmp, its own PostgreSQL cluster (initdb and pg_ctl from
/usr/lib/postgresql/15/bin, a private port), two redis-servers (one for the task queue, one
for the cache, so that each can fail alone), ``gunicorn -w 2`` and the task worker with
production settings, then injects the faults of ``scenarios`` while client threads post the
public form, each post with its own session, captcha answer, submission key and a PNG scan.
A post that fails is posted again with the same key until it is acknowledged (the 302 to its
tracking number page). After every scenario ``checks`` reads the database and the files: every
acknowledged application stored completely, none half-written, at most one per key, exactly
one receipt each, no file without its row once the orphan sweep has run, the audit chain intact.
"""
