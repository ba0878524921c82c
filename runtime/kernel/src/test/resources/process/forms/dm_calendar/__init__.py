"""Agenda plugin, in the shape of Dhii-Mail main's plugins/calendar."""

from .dm_calendar_plugin import AgendaPlugin, AGENDA_CONFIG

__all__ = ["AgendaPlugin", "AGENDA_CONFIG"]
