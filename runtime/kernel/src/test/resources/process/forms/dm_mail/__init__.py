"""Outbox plugin, in the shape of Dhii-Mail main's plugins/email: the package re-exports a name its
module does not define, so importing the package fails and the module is served on its own."""

from .dm_mail_plugin import OutboxPlugin, OUTBOX_CONFIG

__all__ = ["OutboxPlugin", "OUTBOX_CONFIG"]
