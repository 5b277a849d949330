"""kc_common: the plumbing every process shares, and nothing of any domain.

It owns: settings base (`settings`), the engine and the request-owned session, `new_id`,
`UTCDateTime` (`db`), time helpers (`localtime`), problem+json errors and their handlers
(`errors`), the message catalogue (`messages`), pagination and `paginate()` (`pagination`),
request bodies and the text rule (`schemas.InputModel`: unknown fields refused, text checked and
trimmed), spreadsheet exports (`exports`, `labels`), token verification and role dependencies
(`auth`), the app factory with `/healthz` `/readyz` `/metrics`, request ids and JSON logs
(`app`, `observability`, `edge`), periodic tasks (`tasks`), text folding (`text`), the Alembic
env body (`migrations`) and the pytest plugin (`testing`).

It may import FastAPI, Starlette, SQLAlchemy, pydantic and the like, never a service or the
gateway. A helper belongs here once two processes need the same thing; domain rules never do.
"""
