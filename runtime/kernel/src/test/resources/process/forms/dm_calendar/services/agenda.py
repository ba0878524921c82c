"""Reads events through Dhii-Mail's application module calendar_manager (a top-level import)."""

from calendar_manager import CalendarManager


class AgendaService:
    def __init__(self, db_path):
        self.manager = CalendarManager(db_path)

    def events(self, start, end):
        return [{"id": e.id, "title": e.title, "start_time": e.start_time.isoformat()}
                for e in self.manager.get_events(1, start, end)]
