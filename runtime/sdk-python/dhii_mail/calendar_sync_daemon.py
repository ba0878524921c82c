"""Dhii-Mail's calendar_sync_daemon for plugins that import it (see README.md beside this file): a
daemon with no remote accounts, which therefore syncs nothing."""

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Dict, Optional

from calendar_manager import CalendarEvent, CalendarManager  # noqa: F401 - Dhii-Mail's module re-exports them

__all__ = ["SyncStatus", "SyncConfig", "CalendarSyncDaemon", "start_daemon", "stop_daemon", "get_daemon"]

logger = logging.getLogger(__name__)


class SyncStatus(Enum):
    IDLE = "idle"
    SYNCING = "syncing"
    SUCCESS = "success"
    ERROR = "error"
    RETRYING = "retrying"


@dataclass
class SyncConfig:
    sync_interval_minutes: int = 5
    max_retries: int = 3


class CalendarSyncDaemon:
    """Keeps the sync statistics; with no remote accounts there is nothing to sync."""

    SyncStatus = SyncStatus

    def __init__(self, db_path: str = "dhii_mail.db", config: Optional[SyncConfig] = None):
        self.db_path = db_path
        self.config = config or SyncConfig()
        self.calendar_manager = CalendarManager(db_path)
        self.sync_states: Dict[int, Any] = {}
        self.stats: Dict[str, Any] = {"active_accounts": 0, "total_syncs": 0, "successful_syncs": 0,
                                      "failed_syncs": 0, "total_events_synced": 0, "uptime": 0,
                                      "last_sync_time": None}
        self.running = False
        self._started: Optional[datetime] = None

    async def start(self):
        self.running = True
        self._started = datetime.now()
        logger.info("calendar sync daemon started (no remote accounts)")

    async def stop(self):
        self.running = False


_daemon: Optional[CalendarSyncDaemon] = None


async def start_daemon(db_path: str = "dhii_mail.db") -> CalendarSyncDaemon:
    global _daemon
    if _daemon is None:
        _daemon = CalendarSyncDaemon(db_path)
        await _daemon.start()
    return _daemon


async def stop_daemon():
    global _daemon
    if _daemon is not None:
        await _daemon.stop()
        _daemon = None


def get_daemon() -> Optional[CalendarSyncDaemon]:
    return _daemon
