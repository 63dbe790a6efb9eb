"""The store: SQLAlchemy tables, Alembic migrations, and the Store the rest of afterclass uses.

engine = make_engine(settings.resolved_database_url())
migrate(engine)
store = Store(engine, keyring=keyring, hasher=hasher, retention=settings.retention)
"""

from afterclass.store.engine import make_engine, vacuum
from afterclass.store.migration import migrate
from afterclass.store.records import AcceptResult, StateSnapshot, StoredSession
from afterclass.store.store import Store
from afterclass.store.tables import STATUSES

__all__ = [
    "STATUSES",
    "AcceptResult",
    "StateSnapshot",
    "Store",
    "StoredSession",
    "make_engine",
    "migrate",
    "vacuum",
]
