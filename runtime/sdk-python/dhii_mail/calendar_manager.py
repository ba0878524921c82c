"""Dhii-Mail's calendar_manager for plugins that import it (see README.md beside this file)."""

import json
import logging
import os
import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional

__all__ = ["CalendarEvent", "TimeSlot", "CalendarManager"]

logger = logging.getLogger(__name__)


@dataclass
class CalendarEvent:
    title: str
    start_time: datetime
    end_time: datetime
    organizer: str = ""
    id: Optional[str] = None
    description: Optional[str] = None
    location: Optional[str] = None
    attendees: List[str] = field(default_factory=list)
    status: str = "confirmed"
    created_at: Optional[datetime] = None
    updated_at: Optional[datetime] = None

    def __post_init__(self):
        if self.end_time <= self.start_time:
            raise ValueError("End time must be after start time")


@dataclass
class TimeSlot:
    start_time: datetime
    end_time: datetime
    duration_minutes: int


def _when(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=None)
    except (TypeError, ValueError):
        return None


class CalendarManager:
    """Events and working hours of users in one SQLite file."""

    def __init__(self, db_path: str = "dhii_mail.db"):
        self.db_path = db_path if os.path.isabs(db_path) else os.path.join(
            os.environ.get("DHII_PLUGIN_DATA") or os.getcwd(), db_path)
        self.init_calendar_tables()

    def _connect(self):
        return sqlite3.connect(self.db_path, timeout=10)

    def init_calendar_tables(self):
        with self._connect() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS calendar_events (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                         "title TEXT NOT NULL, description TEXT, start_time TIMESTAMP NOT NULL, end_time TIMESTAMP "
                         "NOT NULL, location TEXT, attendees TEXT, organizer TEXT NOT NULL, status TEXT DEFAULT "
                         "'confirmed', created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT "
                         "CURRENT_TIMESTAMP, user_id INTEGER)")
            conn.execute("CREATE TABLE IF NOT EXISTS calendar_availability (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                         "user_id INTEGER NOT NULL, day_of_week INTEGER, start_time TEXT, end_time TEXT, "
                         "is_available BOOLEAN DEFAULT TRUE)")

    def _has_user_column(self, conn):
        return any(row[1] == "user_id" for row in conn.execute("PRAGMA table_info(calendar_events)"))

    def _rows(self, user_id):
        with self._connect() as conn:
            columns = "id, title, description, start_time, end_time, location, attendees, organizer, status, " \
                      "created_at, updated_at"
            if self._has_user_column(conn):
                return conn.execute("SELECT %s FROM calendar_events WHERE user_id = ? OR user_id IS NULL"
                                    % columns, (user_id,)).fetchall()
            return conn.execute("SELECT %s FROM calendar_events" % columns).fetchall()

    def create_event(self, event: CalendarEvent, user_id: int) -> Optional[str]:
        """:return: the new event's id, or None when it overlaps another event of the user"""
        if any(start < event.end_time and event.start_time < end for start, end, _row in self._spans(user_id)):
            return None
        with self._connect() as conn:
            values = [event.title, event.description, event.start_time.isoformat(), event.end_time.isoformat(),
                      event.location, json.dumps(event.attendees), event.organizer, event.status]
            if self._has_user_column(conn):
                cursor = conn.execute("INSERT INTO calendar_events (title, description, start_time, end_time, "
                                      "location, attendees, organizer, status, user_id) VALUES (?,?,?,?,?,?,?,?,?)",
                                      values + [user_id])
                return str(cursor.lastrowid)
            event_id = str(uuid.uuid4())  # the plugin's own table: text ids
            conn.execute("INSERT INTO calendar_events (id, title, description, start_time, end_time, location, "
                         "attendees, organizer, status) VALUES (?,?,?,?,?,?,?,?,?)", [event_id] + values)
            return event_id

    def _spans(self, user_id):
        for row in self._rows(user_id):
            start, end = _when(row[3]), _when(row[4])
            if start is not None and end is not None:
                yield start, end, row

    def get_events(self, user_id: int, start_date: datetime, end_date: datetime) -> List[CalendarEvent]:
        """:return: the user's events inside [start_date, end_date], by start time"""
        low, high = _when(start_date), _when(end_date)
        events = []
        for start, end, row in sorted(self._spans(user_id), key=lambda s: s[0]):
            if start >= low and end <= high:
                try:
                    attendees = json.loads(row[6]) if row[6] else []
                except ValueError:
                    attendees = []
                events.append(CalendarEvent(id=str(row[0]), title=row[1], description=row[2], start_time=start,
                                            end_time=end, location=row[5], attendees=attendees,
                                            organizer=row[7] or "", status=row[8] or "confirmed",
                                            created_at=_when(row[9]), updated_at=_when(row[10])))
        return events

    def get_availability(self, user_id: int, date: datetime, duration_minutes: int = 30) -> List[TimeSlot]:
        """:return: the free slots of duration_minutes between 09:00 and 17:00 of date"""
        day = _when(date).replace(hour=0, minute=0, second=0, microsecond=0)
        busy = [(s, e) for s, e, _r in self._spans(user_id)]
        slots, slot = [], timedelta(minutes=duration_minutes)
        at, close = day.replace(hour=9), day.replace(hour=17)
        while at + slot <= close:
            if not any(s < at + slot and at < e for s, e in busy):
                slots.append(TimeSlot(at, at + slot, duration_minutes))
            at += slot
        return slots

    def update_event(self, event_id: str, updates: Dict[str, Any]) -> bool:
        allowed = ("title", "description", "start_time", "end_time", "location", "attendees", "organizer", "status")
        fields = {k: (json.dumps(v) if k == "attendees" else v) for k, v in updates.items() if k in allowed}
        if not fields:
            return False
        with self._connect() as conn:
            cursor = conn.execute("UPDATE calendar_events SET %s, updated_at = CURRENT_TIMESTAMP WHERE id = ?" % ", ".join(
                "%s = ?" % k for k in fields), list(fields.values()) + [event_id])
            return cursor.rowcount > 0

    def delete_event(self, event_id: str) -> bool:
        with self._connect() as conn:
            return conn.execute("DELETE FROM calendar_events WHERE id = ?", (event_id,)).rowcount > 0
