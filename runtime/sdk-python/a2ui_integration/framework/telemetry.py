"""a2ui_integration.framework.telemetry: main's PluginTelemetry. Its decorators time the wrapped
function (sync or async) and log the duration at debug level; health and metric records are log
lines. The runtime traces and measures every call itself (spans, Prometheus metrics), so nothing is
exported from the plugin's process."""

import functools
import inspect
import logging
import time
from typing import Dict, Optional

__all__ = ["PluginTelemetry", "telemetry", "get_telemetry"]

logger = logging.getLogger(__name__)


def _timed(label):
    def decorator(func):
        if inspect.iscoroutinefunction(func):
            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                started = time.perf_counter()
                try:
                    return await func(*args, **kwargs)
                finally:
                    logger.debug("%s took %.1f ms", label, (time.perf_counter() - started) * 1000)
            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                logger.debug("%s took %.1f ms", label, (time.perf_counter() - started) * 1000)
        return wrapper
    return decorator


class PluginTelemetry:
    """Instrumentation of plugin operations (log lines only: see the module)."""

    def __init__(self, service_name: str = "plugin-framework", otlp_endpoint: Optional[str] = None):
        self.service_name = service_name
        self.otlp_endpoint = otlp_endpoint
        self.tracer = None

    def instrument_plugin_load(self):
        return _timed("plugin load")

    def instrument_capability_execution(self, plugin_id: str, capability_id: str):
        return _timed("capability %s of %s" % (capability_id, plugin_id))

    def record_plugin_health(self, plugin_id: str, health_status: str, message: Optional[str] = None, **kwargs):
        text = "plugin %s health: %s%s" % (plugin_id, health_status, " - %s" % message if message else "")
        (logger.info if health_status == "healthy" else logger.warning)(text)

    def record_metric(self, metric_name: str, value: float, plugin_id: Optional[str] = None,
                      tags: Optional[Dict[str, str]] = None):
        logger.info("metric %s: %s%s%s", metric_name, value, " (plugin: %s)" % plugin_id if plugin_id else "",
                    " [%s]" % ", ".join("%s=%s" % kv for kv in (tags or {}).items()) if tags else "")


telemetry = PluginTelemetry()


def get_telemetry() -> PluginTelemetry:
    """:return: the process's PluginTelemetry"""
    return telemetry
