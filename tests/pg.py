"""A fresh, empty PostgreSQL schema per test, for any test that needs the real server.

    @pytest.fixture
    def url() -> Iterator[str]:
        with fresh_schema() as url:  # postgresql+psycopg://...?options=-csearch_path%3Dci_<hex>
            yield url

The server is the one CI starts (CODEINTEL_TEST_POSTGRES_URL, default the local `test`
database). When it cannot be reached the test FAILS with a message saying so: a skip would
hide a CI whose PostgreSQL is broken.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

POSTGRES_URL = os.environ.get("CODEINTEL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def schema_url(schema: str, base_url: str = POSTGRES_URL) -> str:
    """`base_url` with every connection's search_path set to `schema`."""
    url = sa.make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@contextmanager
def fresh_schema(base_url: str = POSTGRES_URL) -> Iterator[str]:
    """Create schema ci_<random>, yield a URL that works inside it, drop it (CASCADE) afterwards."""
    schema = f"ci_{uuid.uuid4().hex[:16]}"
    engine = sa.create_engine(base_url, poolclass=sa.NullPool, connect_args={"connect_timeout": 3})
    unreachable = None
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        engine.dispose()
        unreachable = " ".join(str(exc.orig).split())
    if unreachable is not None:
        where = sa.make_url(base_url).render_as_string(hide_password=True)
        pytest.fail(
            f"PostgreSQL is not reachable at {where} ({unreachable}); "
            "start it or point CODEINTEL_TEST_POSTGRES_URL at one",
            pytrace=False,
        )
    try:
        yield schema_url(schema, base_url)
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()
