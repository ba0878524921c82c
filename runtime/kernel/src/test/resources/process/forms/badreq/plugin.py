from dhii_plugin import Plugin

plugin = Plugin("badreq")
