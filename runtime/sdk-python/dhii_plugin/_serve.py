"""`python -m dhii_plugin serve ENTRYPOINT`: imports a plugin's code, recognises its form and serves it.

ENTRYPOINT is "module:attribute" (the attribute may be dotted). Module "." is the plugin directory
(DHII_PLUGIN_DIR, default the working directory) itself, imported as a package named after the
directory, so its relative imports work; ".name" is the module name.py of that package (when the
package's __init__.py fails to import, the module is imported without it, as Dhii-Mail's own loaders
did); any other module is imported with the plugin directory first on sys.path. The working directory
is the plugin's data directory (v1 plugins write files there). Dhii-Mail's application modules that
main's plugins import (calendar_manager, calendar_sync_daemon: ../dhii_mail) come last on sys.path.

Without an attribute ("." or "module" alone) the plugin is found (``find_in``): a dhii_plugin.Plugin
named ``plugin``, else a function ``register`` or ``register_plugin``, else the one plugin class
(a DomainModule, BasePlugin or PluginInterface subclass) the module defines or exports. For "." the
package's __init__.py is searched first, then its modules plugin.py, <directory>_plugin.py and
<plugin id>_plugin.py (the file names Dhii-Mail's loaders ran); a directory without __init__.py has
those modules searched as top-level modules. Nothing found exits 3 with what was searched and why.

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

#: The functions looked for when ENTRYPOINT names only a module (after a Plugin named "plugin").
DEFAULT_FUNCTIONS = ("register", "register_plugin")

#: Dhii-Mail's application modules that main's plugins import (see dhii_mail/README.md).
DHII_MAIL_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "dhii_mail")

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


def _bare_package(directory):
    """The directory as a package whose __init__.py is not run, so its modules can be imported."""
    name = _package_name(directory)
    spec = importlib.util.spec_from_loader(name, loader=None, is_package=True)
    module = importlib.util.module_from_spec(spec)
    module.__path__ = [directory]
    sys.modules[name] = module
    return module


def _package(directory, errors):
    """The directory's package: its __init__.py run, else (it fails) a bare one; errors get why."""
    name = _package_name(directory)
    if name in sys.modules:
        return sys.modules[name]
    if os.path.isfile(os.path.join(directory, "__init__.py")):
        try:
            return import_directory(directory)
        except BaseException as e:  # noqa: B036 - the package's modules may still import
            errors.append("__init__.py: %s" % _describe_exc(e))
            _log("__init__.py of %s does not import (%s); importing its modules without it" % (
                directory, _describe_exc(e)))
    return _bare_package(directory)


def _import(module_name, plugin_dir, errors=None):
    errors = [] if errors is None else errors
    if module_name == ".":
        return import_directory(plugin_dir)
    if module_name.startswith("."):
        if os.path.isfile(os.path.join(plugin_dir, "__init__.py")):
            package = _package(plugin_dir, errors)
            return importlib.import_module(package.__name__ + module_name)
        module_name = module_name[1:]  # no package: the module itself
    if plugin_dir in sys.path:
        sys.path.remove(plugin_dir)
    sys.path.insert(0, plugin_dir)
    return importlib.import_module(module_name)


def _candidates(plugin_dir, env):
    names = ["plugin", re.sub(r"\W", "_", os.path.basename(os.path.normpath(plugin_dir))) + "_plugin"]
    if env.get("DHII_PLUGIN_ID"):
        names.append(re.sub(r"\W", "_", env["DHII_PLUGIN_ID"]) + "_plugin")
    seen = []
    for name in names:
        if name not in seen and os.path.isfile(os.path.join(plugin_dir, name + ".py")):
            seen.append(name)
    return seen


def _plugin_classes():
    bases = [_loaded("a2ui_integration.core.types", "DomainModule"),
             _loaded("a2ui_integration.core.plugins", "BasePlugin"),
             _loaded("a2ui_integration.core.plugin_contract", "PluginInterface")]
    return tuple(b for b in bases if b is not None)


def find_in(module):
    """:return: the plugin a module exposes (see the module docstring), or None"""
    found = getattr(module, "plugin", None)
    if isinstance(found, Plugin):
        return found
    for name in DEFAULT_FUNCTIONS:
        fn = getattr(module, name, None)
        if inspect.isfunction(fn):
            return fn
    bases = _plugin_classes()
    exported = getattr(module, "__all__", None)
    classes = []
    for name, obj in list(vars(module).items()):
        if inspect.isclass(obj) and bases and issubclass(obj, bases) and obj not in bases \
                and not inspect.isabstract(obj) and (exported is None or name in exported
                                                      or obj.__module__ == module.__name__):
            classes.append(obj)
    own = [c for c in classes if c.__module__ == module.__name__]
    chosen = own or classes
    if len(chosen) > 1:
        raise EntrypointError("module %s has several plugin classes (%s); name one as MODULE:CLASS" % (
            module.__name__, ", ".join(c.__name__ for c in chosen)))
    return chosen[0] if chosen else None


def _find(module_name, plugin_dir, env):
    """The plugin of an entrypoint without attribute."""
    searched = []
    if module_name != ".":
        module = _import(module_name, plugin_dir)
        found = find_in(module)
        if found is None:
            raise EntrypointError("module %r has no dhii_plugin.Plugin named plugin, no %s function and no "
                                  "plugin class; name one as MODULE:ATTRIBUTE" % (module_name, " or ".join(DEFAULT_FUNCTIONS)))
        return found
    package = os.path.isfile(os.path.join(plugin_dir, "__init__.py"))
    errors = []
    if package:
        module = _package(plugin_dir, errors)
        if not errors:
            found = find_in(module)
            if found is not None:
                return found
            searched.append("__init__.py (nothing)")
    if plugin_dir not in sys.path:
        sys.path.append(plugin_dir)
    for name in _candidates(plugin_dir, env):
        try:
            module = _import(("." if package else "") + name, plugin_dir)
        except BaseException as e:  # noqa: B036
            searched.append("%s.py (%s)" % (name, _describe_exc(e)))
            continue
        found = find_in(module)
        if found is not None:
            return found
        searched.append("%s.py (nothing)" % name)
    raise EntrypointError("found no plugin in %s: looked for a register(kernel) or register_plugin(kernel_api) "
                          "function, a PluginInterface, BasePlugin or DomainModule class, or a dhii_plugin.Plugin, "
                          "in %s" % (plugin_dir, "; ".join(errors + searched) or "no __init__.py, plugin.py or "
                                     "<name>_plugin.py"))


def load(entrypoint, plugin_dir, env=None):
    """Imports ENTRYPOINT's module and returns the object it names (or finds, without an attribute)."""
    env = os.environ if env is None else env
    module_name, _, attribute = entrypoint.strip().partition(":")
    if not module_name:
        raise EntrypointError("the entrypoint %r names no module (MODULE:ATTRIBUTE)" % entrypoint)
    # -m put the working directory (the data directory, which the plugin may write) first on sys.path
    cwd = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", cwd) or p == plugin_dir]
    if os.path.isdir(DHII_MAIL_DIR) and DHII_MAIL_DIR not in sys.path:
        sys.path.append(DHII_MAIL_DIR)
    try:
        if not attribute:
            return _find(module_name, plugin_dir, env)
        module = _import(module_name, plugin_dir)
        if module_name == "." and plugin_dir not in sys.path:
            sys.path.append(plugin_dir)  # absolute imports of the plugin's own modules, after the rest
    except EntrypointError:
        raise
    except BaseException as e:  # noqa: B036 - SystemExit at import time fails the start too
        raise EntrypointError("cannot import %s from %s: %s" % (
            "the plugin directory" if module_name == "." else "module %r" % module_name, plugin_dir,
            _describe_exc(e))) from e
    target = module
    for part in attribute.split("."):
        try:
            target = getattr(target, part)
        except AttributeError:
            raise EntrypointError("module %r has no attribute %r" % (module_name, attribute)) from None
        except BaseException as e:  # noqa: B036 - a failing property or module __getattr__
            raise EntrypointError("cannot read %s of module %r: %s" % (attribute, module_name, _describe_exc(e))) \
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


def serves_object(obj):
    """Whether obj (e.g. what a register function returned) is a plugin object of a served form."""
    if obj is None or inspect.isclass(obj) or inspect.isroutine(obj):
        return False
    return isinstance(obj, Plugin) or _is_v1(obj) or _is_contract(obj, duck=False)


def build_object(target, env, registered, plugin_id):
    """Serves the plugin object a register function returned, with what it registered."""
    if isinstance(target, Plugin):
        return target
    if _is_v1(target):
        from . import legacy
        return legacy.adapt(target, registered=registered)
    if _is_contract(target):
        from . import _contract
        return _contract.adapt(target, env, registered=registered, initialized=True)
    return None


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
        plugin = build(load(argv[1], plugin_dir, env), env)
    except EntrypointError as e:
        _fail(str(e), e.__cause__)
    except BaseException as e:  # noqa: B036
        _fail("cannot serve %s: %s" % (argv[1], _describe_exc(e)), e)
    plugin.run(env)
    return 0
