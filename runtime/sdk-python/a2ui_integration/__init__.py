"""The part of Dhii-Mail v1's a2ui_integration package that v1 plugins import, so they run unchanged
as process plugins (see dhii_plugin.legacy)."""
