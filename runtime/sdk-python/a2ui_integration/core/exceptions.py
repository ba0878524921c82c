"""The error taxonomy of the plugin contract (Plugin Framework 2.0, section 2.3), mapped onto the
runtime's error codes. Each class is a dhii_plugin.PluginError, so raising one fails the call with its
code in every form the SDK serves (the decorator API included).

=============================  ==============  =====================================
raise                          code            nothingDone (retry safe) by default
=============================  ==============  =====================================
PluginError                    INTERNAL        False
PluginConfigurationError       CONFIGURATION   False (fatal: the plugin is misconfigured)
PluginAuthenticationError      AUTHENTICATION  True (the user must act)
PluginAuthorizationError       AUTHORIZATION   True
PluginNetworkError             NETWORK         True (retryable: the runtime may retry it)
PluginValidationError          VALIDATION      True (bad request; carries violations)
CapabilityNotFoundError        NOT_FOUND       True
PluginTimeoutError             TIMEOUT         False
=============================  ==============  =====================================

nothing_done=... overrides the default (e.g. PluginNetworkError("reset after sending",
nothing_done=False) when the effect may have happened).
"""

from typing import Any, Dict, List, Optional

from dhii_plugin import PluginError as _WireError

__all__ = ["PluginError", "PluginConfigurationError", "PluginAuthenticationError", "PluginAuthorizationError",
           "PluginNetworkError", "PluginValidationError", "CapabilityNotFoundError", "PluginTimeoutError"]


class PluginError(_WireError):
    """Base of the plugin errors: INTERNAL unless a subclass says otherwise.

    :param message: the message for the caller
    :param nothing_done: whether the call had no effect (default: the class's ``retryable``)
    :param details: optional JSON-able details (logged by the SDK, not sent)
    """

    code = "INTERNAL"
    retryable = False

    def __init__(self, message: str = "", *, nothing_done: Optional[bool] = None,
                 details: Optional[Dict[str, Any]] = None):
        super().__init__(type(self).code, message or type(self).__name__,
                         type(self).retryable if nothing_done is None else nothing_done)
        self.details = details or {}


class PluginConfigurationError(PluginError):
    """The plugin is misconfigured (fatal until its configuration changes)."""
    code = "CONFIGURATION"


class PluginAuthenticationError(PluginError):
    """Credentials were refused: the user must act."""
    code = "AUTHENTICATION"
    retryable = True


class PluginAuthorizationError(PluginError):
    """The caller is known but not allowed to do this."""
    code = "AUTHORIZATION"
    retryable = True


class PluginNetworkError(PluginError):
    """A network failure before any effect: retryable (nothingDone), unless nothing_done=False."""
    code = "NETWORK"
    retryable = True


class PluginValidationError(PluginError):
    """The request is bad. violations: [{"pointer": "/field", "message": "..."}] (JSON pointers into
    the input), also sent on the wire beside the message."""
    code = "VALIDATION"
    retryable = True

    def __init__(self, message: str = "", violations: Optional[List[Dict[str, str]]] = None, **kwargs):
        self.violations = [{"pointer": str(v.get("pointer", "")), "message": str(v.get("message", ""))}
                           for v in (violations or [])]
        if not message and self.violations:
            message = "; ".join("%s: %s" % (v["pointer"] or "/", v["message"]) for v in self.violations)
        super().__init__(message, **kwargs)

    def to_wire(self):
        wire = super().to_wire()
        if self.violations:
            wire["violations"] = self.violations
        return wire


class CapabilityNotFoundError(PluginError):
    """The capability (or the thing the call names) does not exist."""
    code = "NOT_FOUND"
    retryable = True


class PluginTimeoutError(PluginError):
    """The work did not finish in time."""
    code = "TIMEOUT"
