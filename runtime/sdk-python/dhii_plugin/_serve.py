"""`python -m dhii_plugin serve ENTRYPOINT`: imports a plugin's code, recognises its form and serves it.

ENTRYPOINT is "module:attribute" (the attribute may be dotted). Module "." is the plugin directory
(DHII_PLUGIN_DIR, default the working directory) itself, imported as a package named after the
directory, so its relative imports work; any other module is imported with the plugin directory first
on sys.path. The working directory is the plugin's data directory (v1 plugins write files there).

Forms, in the order they are recognised (a class is instantiated with no arguments):
- a dhii_plugin.Plugin (the decorator API),
- a v1 a2ui_integration.core.types.DomainModule, a2ui_integration.core.plugins.BasePlugin included,
- an a2ui_integration.core.plugin_contract.PluginInterface (Dhii-Mail main's shape or the seed
  contract's),
- a function register(kernel) (Dhii-Mail's "Glass Wall" plugins, with their manifest.json).

Failing to import, to find the attribute, to build the plugin or to recognise its form exits 3 with
a one-line reason as the last line on stderr. With DHII_DESCRIBE=1 the capabilities are printed as one
JSON line on stdout and the process exits 0 without connecting.

print() in plugin code goes to stderr: stdout is never the channel (file descriptor 1 is pointed at
stderr while the plugin runs; describe mode writes its one line to the original stdout).
"""

import importlib
import importlib.util
import inspect
import json
import os
import re
import sys
import traceback

from . import SDK_VERSION, Plugin

EXIT_USAGE = 2
EXIT_LOAD_FAILED = 3

USAGE = "usage: python -m dhii_plugin serve MODULE:ATTRIBUTE   (MODULE \".\" is the plugin directory)"

#: The attributes looked for when ENTRYPOINT names only a module.
DEFAULT_ATTRIBUTES = ("plugin", "register")

# Where describe mode writes: the process's stdout before plugin code could write to it.
_describe_out = None


class EntrypointError(Exception):
    """The entrypoint cannot be served; the message is the one-line reason."""


def _log(line):
    plugin_id = os.environ.get("DHII_PLUGIN_ID") or "plugin"
    try:
        sys.stderr.write("".join("[%s] %s\n" % (plugin_id, part) for part in str(line).splitlines() or [""]))
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _describe_exc(exc):
    text = str(exc)
    return "%s: %s" % (type(exc).__name__, text) if text else type(exc).__name__


def _fail(reason, exc=None):
    if exc is not None:
        _log("".join(traceback.format_exception(exc)).rstrip())
    _log(reason)  # the last line: the kernel shows it in the FAILED reason
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    os._exit(EXIT_LOAD_FAILED)


def _claim_stdout():
    """Points file descriptor 1 and sys.stdout at stderr; keeps the original for describe mode."""
    global _describe_out
    if _describe_out is not None:
        return
    try:
        sys.stdout.flush()
        saved = os.dup(1)
        os.dup2(2, 1)
        _describe_out = os.fdopen(saved, "w", encoding="utf-8", closefd=True)
    except OSError:
        _describe_out = sys.stdout
    sys.stdout = sys.stderr


def describe(plugin):
    """Prints what the plugin would announce as one JSON line and exits 0 (3 when that fails)."""
    try:
        capabilities = plugin.announced()
        line = json.dumps({"sdk": SDK_VERSION, "capabilities": capabilities}, allow_nan=False)
    except BaseException as e:  # noqa: B036 - whatever fails, the kernel gets a reason
        _fail("cannot describe the plugin: %s" % _describe_exc(e), e)
    out = _describe_out or sys.stdout
    out.write(line + "\n")
    out.flush()
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(0)


# --- import ----------------------------------------------------------------------------------------

def _package_name(directory):
    name = re.sub(r"\W", "_", os.path.basename(os.path.normpath(directory))) or "plugin"
    if name[0].isdigit():
        name = "_" + name
    # a directory named like a standard module ("email", "calendar") must not shadow it
    if name in sys.stdlib_module_names or name in sys.modules or name in ("dhii_plugin", "a2ui_integration"):
        name = "dhii_plugin_dir_" + name
    return name


def import_directory(directory):
    """Imports the directory (its __init__.py) as a package named after it; returns the module."""
    init = os.path.join(directory, "__init__.py")
    if not os.path.isfile(init):
        raise EntrypointError("module \".\" is the plugin directory %s, which has no __init__.py" % directory)
    name = _package_name(directory)
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[directory])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def load(entrypoint, plugin_dir):
    """Imports ENTRYPOINT's module and returns the object it names."""
    module_name, _, attribute = entrypoint.strip().partition(":")
    if not module_name:
        raise EntrypointError("the entrypoint %r names no module (MODULE:ATTRIBUTE)" % entrypoint)
    # -m put the working directory (the data directory, which the plugin may write) first on sys.path
    cwd = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", cwd) or p == plugin_dir]
    try:
        if module_name == ".":
            module = import_directory(plugin_dir)
            if plugin_dir not in sys.path:
                sys.path.append(plugin_dir)  # absolute imports of the plugin's own modules, after the rest
        else:
            sys.path.insert(0, plugin_dir)
            module = importlib.import_module(module_name)
    except EntrypointError:
        raise
    except BaseException as e:  # noqa: B036 - SystemExit at import time fails the start too
        raise EntrypointError("cannot import %s from %s: %s" % (
            "the plugin directory" if module_name == "." else "module %r" % module_name, plugin_dir,
            _describe_exc(e))) from e
    names = [attribute] if attribute else [n for n in DEFAULT_ATTRIBUTES if hasattr(module, n)][:1]
    if not names:
        raise EntrypointError("module %r has none of %s; name one as MODULE:ATTRIBUTE" % (
            module_name, ", ".join(DEFAULT_ATTRIBUTES)))
    target = module
    for part in names[0].split("."):
        try:
            target = getattr(target, part)
        except AttributeError:
            raise EntrypointError("module %r has no attribute %r" % (module_name, names[0])) from None
        except BaseException as e:  # noqa: B036 - a failing property or module __getattr__
            raise EntrypointError("cannot read %s of module %r: %s" % (names[0], module_name, _describe_exc(e))) \
                from e
    return target


# --- forms -----------------------------------------------------------------------------------------

def _loaded(module, name):
    mod = sys.modules.get(module)
    return getattr(mod, name, None) if mod is not None else None


def _is_v1(obj):
    domain_module = _loaded("a2ui_integration.core.types", "DomainModule")
    if domain_module is not None and isinstance(obj, domain_module):
        return True
    # the same contract from another copy of the v1 package
    return all(hasattr(type(obj), n) for n in ("domain", "capabilities", "initialize", "shutdown",
                                               "execute_capability")) \
        and not _is_contract(obj, duck=False)


def _is_contract(obj, duck=True):
    interface = _loaded("a2ui_integration.core.plugin_contract", "PluginInterface")
    if interface is not None and isinstance(obj, interface):
        return True
    return duck and hasattr(type(obj), "execute_capability") and (
        hasattr(type(obj), "capabilities") or hasattr(type(obj), "manifest") or hasattr(type(obj), "on_load"))


def build(target, env):
    """Recognises the form of the entrypoint's object and returns the Plugin that serves it."""
    if isinstance(target, Plugin):
        return target
    what = getattr(target, "__qualname__", None) or type(target).__name__
    if inspect.isclass(target):
        try:
            target = target()
        except BaseException as e:  # noqa: B036
            raise EntrypointError("cannot create %s(): %s" % (what, _describe_exc(e))) from e
        if isinstance(target, Plugin):
            return target
    if _is_v1(target):
        from . import legacy
        return legacy.adapt(target)
    if _is_contract(target):
        from . import _contract
        return _contract.adapt(target, env)
    if callable(target) and not inspect.isclass(target):
        from . import _glasswall
        return _glasswall.adapt(target, env)
    raise EntrypointError("%s is none of the forms served: a dhii_plugin.Plugin, a v1 DomainModule, a "
                          "PluginInterface, or a register(kernel) function" % what)


def main(argv):
    if len(argv) != 2 or argv[0] != "serve":
        sys.stderr.write(USAGE + "\n")
        return EXIT_USAGE
    env = os.environ
    _claim_stdout()
    plugin_dir = os.path.abspath(env.get("DHII_PLUGIN_DIR") or os.getcwd())
    try:
        plugin = build(load(argv[1], plugin_dir), env)
    except EntrypointError as e:
        _fail(str(e), e.__cause__)
    except BaseException as e:  # noqa: B036
        _fail("cannot serve %s: %s" % (argv[1], _describe_exc(e)), e)
    plugin.run(env)
    return 0
