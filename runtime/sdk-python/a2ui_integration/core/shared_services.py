"""Dhii-Mail main's shared services, as its plugins use them: ``get_shared_services()`` returns one
``SharedServices`` per process with

- ``database``: a ``SharedDatabase`` over a SQLite file (default ``kernel.db`` in the plugin's data
  directory, DHII_PLUGIN_DATA, else the working directory; made at its first use) with ``get_connection()``,
  ``execute_query(sql, params)`` (rows as dicts), ``execute_update(sql, params)`` (row count) and
  ``get_plugin_data`` / ``set_plugin_data`` (a ``plugin_data`` table, values typed as string, json,
  integer, float or boolean);
- ``event_bus``: an in-process ``EventBus`` (``subscribe``, ``unsubscribe``, async ``publish``,
  ``get_event_history``); events stay in the plugin's process;
- ``auth``: a ``SharedAuth`` over the same file (``users``, ``sessions`` and ``audit_log`` tables, empty
  at first: the runtime authenticates callers itself, so ``authenticate_user`` and
  ``get_user_by_token`` find only users a plugin stored there).

Every connection is opened for one statement and closed, so the services can be used from any thread.
"""

import inspect
import json
import logging
import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Callable, Dict, List, Optional, Set

__all__ = ["EventType", "Event", "EventBus", "SharedDatabase", "SharedAuth", "SharedServices",
           "get_shared_services", "initialize_shared_services", "shutdown_shared_services"]

logger = logging.getLogger(__name__)

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS plugin_data (plugin_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT, "
    "data_type TEXT DEFAULT 'string', updated_at TEXT, PRIMARY KEY (plugin_id, key))",
    "CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT UNIQUE, email TEXT, "
    "password_hash TEXT, first_name TEXT, last_name TEXT)",
    "CREATE TABLE IF NOT EXISTS sessions (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER, access_token TEXT)",
    "CREATE TABLE IF NOT EXISTS audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT, action TEXT, "
    "resource_type TEXT, resource_id TEXT, details TEXT, timestamp TEXT)",
)


class EventType(Enum):
    """Kinds of events on the bus."""
    PLUGIN_REGISTERED = "plugin_registered"
    PLUGIN_ENABLED = "plugin_enabled"
    PLUGIN_DISABLED = "plugin_disabled"
    PLUGIN_ERROR = "plugin_error"
    CAPABILITY_EXECUTED = "capability_executed"
    USER_LOGIN = "user_login"
    USER_LOGOUT = "user_logout"
    EMAIL_RECEIVED = "email_received"
    EMAIL_SENT = "email_sent"
    MEETING_CREATED = "meeting_created"
    MEETING_UPDATED = "meeting_updated"
    MEETING_DELETED = "meeting_deleted"


@dataclass
class Event:
    """One event."""
    id: str
    type: EventType
    source: str
    timestamp: datetime
    data: Dict[str, Any]
    correlation_id: Optional[str] = None


class EventBus:
    """Delivers events to the subscribers of their type, in this process; keeps the last 1000."""

    def __init__(self):
        self._subscribers: Dict[EventType, Set[Callable]] = {}
        self._event_history: List[Event] = []
        self._max_history_size = 1000
        self._lock = threading.Lock()

    def subscribe(self, event_type: EventType, callback: Callable):
        """Calls callback(event) (sync or async) for every event of event_type."""
        with self._lock:
            self._subscribers.setdefault(event_type, set()).add(callback)

    def unsubscribe(self, event_type: EventType, callback: Callable):
        with self._lock:
            self._subscribers.get(event_type, set()).discard(callback)

    async def publish(self, event: Event):
        """Records the event and awaits each subscriber; a failing subscriber is logged and skipped."""
        with self._lock:
            self._event_history.append(event)
            del self._event_history[:-self._max_history_size]
            callbacks = list(self._subscribers.get(event.type, ()))
        for callback in callbacks:
            try:
                result = callback(event)
                if inspect.isawaitable(result):
                    await result
            except Exception as e:  # noqa: BLE001 - one subscriber must not stop the others
                logger.error("event callback failed: %s", e)
        logger.debug("published %s from %s", getattr(event.type, "value", event.type), event.source)

    def get_event_history(self, event_type: Optional[EventType] = None, limit: int = 100) -> List[Event]:
        with self._lock:
            events = [e for e in self._event_history if event_type is None or e.type == event_type]
        return events[-limit:] if limit > 0 else events


def _data_path(db_path):
    if os.path.isabs(db_path):
        return db_path
    return os.path.join(os.environ.get("DHII_PLUGIN_DATA") or os.getcwd(), db_path)


class SharedDatabase:
    """The shared SQLite database (a file in the plugin's data directory)."""

    def __init__(self, db_path: str = "kernel.db"):
        self.db_path = _data_path(db_path)
        self._ready = False
        self._lock = threading.Lock()

    def _init_database(self, conn):
        for statement in _SCHEMA:
            conn.execute(statement)
        conn.commit()

    def get_connection(self):
        """:return: a new connection (close it when done); the file and its tables are made at the first"""
        conn = sqlite3.connect(self.db_path, check_same_thread=False, timeout=10)
        if not self._ready:
            with self._lock:
                if not self._ready:
                    self._init_database(conn)
                    self._ready = True
        return conn

    def execute_query(self, query: str, params: tuple = ()) -> List[Dict[str, Any]]:
        """:return: the rows of a read query, each a dict of column -> value"""
        conn = self.get_connection()
        try:
            cursor = conn.execute(query, params)
            columns = [d[0] for d in cursor.description or ()]
            return [dict(zip(columns, row)) for row in cursor.fetchall()]
        finally:
            conn.close()

    def execute_update(self, query: str, params: tuple = ()) -> int:
        """:return: how many rows a write query changed (committed)"""
        conn = self.get_connection()
        try:
            cursor = conn.execute(query, params)
            conn.commit()
            return cursor.rowcount
        finally:
            conn.close()

    def get_plugin_data(self, plugin_id: str, key: str) -> Optional[Any]:
        rows = self.execute_query("SELECT value, data_type FROM plugin_data WHERE plugin_id = ? AND key = ?",
                                  (plugin_id, key))
        if not rows:
            return None
        value, data_type = rows[0]["value"], rows[0]["data_type"]
        if data_type == "json":
            return json.loads(value)
        if data_type == "integer":
            return int(value)
        if data_type == "float":
            return float(value)
        if data_type == "boolean":
            return str(value).lower() == "true"
        return value

    def set_plugin_data(self, plugin_id: str, key: str, value: Any, data_type: str = "string"):
        text = json.dumps(value) if data_type == "json" else str(value)
        self.execute_update("INSERT OR REPLACE INTO plugin_data (plugin_id, key, value, data_type, updated_at) "
                            "VALUES (?, ?, ?, ?, ?)", (plugin_id, key, text, data_type, datetime.now().isoformat()))


class SharedAuth:
    """Users, sessions and the audit log in the shared database."""

    def __init__(self, secret_key: str, db: Optional[SharedDatabase] = None):
        self.secret_key = secret_key
        self.db = db or SharedDatabase()

    def authenticate_user(self, username: str, password: str) -> Optional[Dict[str, Any]]:
        rows = self.db.execute_query("SELECT id, email, first_name, last_name FROM users "
                                     "WHERE username = ? AND password_hash = ?", (username, password))
        return rows[0] if rows else None

    def get_user_by_token(self, token: str) -> Optional[Dict[str, Any]]:
        rows = self.db.execute_query("SELECT u.id, u.email, u.username, u.first_name, u.last_name FROM users u "
                                     "JOIN sessions s ON u.id = s.user_id WHERE s.access_token = ?", (token,))
        return rows[0] if rows else None

    def log_audit_event(self, user_id: str, action: str, resource_type: str = None, resource_id: str = None,
                        details: Dict[str, Any] = None):
        self.db.execute_update("INSERT INTO audit_log (user_id, action, resource_type, resource_id, details, "
                               "timestamp) VALUES (?, ?, ?, ?, ?, ?)",
                               (user_id, action, resource_type, resource_id,
                                json.dumps(details) if details else None, datetime.now().isoformat()))


class SharedServices:
    """The database, auth and event bus of one plugin process."""

    def __init__(self, db_path: str = "kernel.db", secret_key: str = "kernel-secret-key"):
        self.database = SharedDatabase(db_path)
        self.auth = SharedAuth(secret_key, self.database)
        self.event_bus = EventBus()
        self._initialized = False

    def initialize(self):
        self._initialized = True

    def shutdown(self):
        self._initialized = False

    @property
    def is_initialized(self) -> bool:
        return self._initialized


_shared_services: Optional[SharedServices] = None
_lock = threading.Lock()


def get_shared_services() -> SharedServices:
    """:return: the process's SharedServices, made at the first call"""
    global _shared_services
    with _lock:
        if _shared_services is None:
            _shared_services = SharedServices()
        return _shared_services


def initialize_shared_services(db_path: str = "kernel.db", secret_key: str = "kernel-secret-key"):
    """Replaces the process's SharedServices by new ones over db_path."""
    global _shared_services
    with _lock:
        _shared_services = SharedServices(db_path, secret_key)
        _shared_services.initialize()


def shutdown_shared_services():
    with _lock:
        if _shared_services is not None:
            _shared_services.shutdown()
