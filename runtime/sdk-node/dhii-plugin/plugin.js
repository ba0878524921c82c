'use strict';
/** Declaring a plugin: its capabilities (JSON schemas and async handlers) and lifecycle hooks. */

const OBJECT_SCHEMA = Object.freeze({ type: 'object' });
const OPTIONS = ['inputSchema', 'outputSchema', 'idempotent', 'requiresAuth', 'description', 'rateLimitPerMinute',
  'name', 'tags', 'timeoutMs', 'apiVersion', 'handler'];

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

class Plugin {
  /** @param {object} [meta] id, name, version (informational: the manifest is what the runtime reads) */
  constructor(meta) {
    const m = isObject(meta) ? meta : {};
    this.id = m.id;
    this.name = m.name;
    this.version = m.version;
    this._capabilities = new Map();
    this._onLoad = null;
    this._onUnload = null;
    this._health = null;
  }

  /**
   * Declares a capability.
   *
   * @param {string} id the capability id (also listed in the manifest's "capabilities")
   * @param {object} options inputSchema, outputSchema (JSON Schemas, default {"type": "object"}), idempotent,
   *   requiresAuth, description, rateLimitPerMinute (0: none), name, tags, timeoutMs, apiVersion (2, or 1: results
   *   passed on leniently)
   * @param {function} handler async (input, ctx) => output object
   * @returns {Plugin} this
   */
  capability(id, options, handler) {
    if (typeof options === 'function' && handler === undefined) {
      handler = options;
      options = {};
    }
    const o = isObject(options) ? options : {};
    const fn = handler || o.handler;
    if (typeof id !== 'string' || id.length === 0) {
      throw new TypeError(`a capability id must be a non-empty string: ${JSON.stringify(id)}`);
    }
    if (this._capabilities.has(id)) {
      throw new Error(`capability ${id} declared twice`);
    }
    if (typeof fn !== 'function') {
      throw new TypeError(`the handler of ${id} is not a function`);
    }
    for (const key of Object.keys(o)) {
      if (!OPTIONS.includes(key)) {
        throw new TypeError(`unknown option ${key} of ${id} (one of ${OPTIONS.join(', ')})`);
      }
    }
    for (const key of ['inputSchema', 'outputSchema']) {
      if (o[key] !== undefined && !isObject(o[key])) {
        throw new TypeError(`${key} of ${id} must be an object (a JSON Schema)`);
      }
      if (o[key] !== undefined) {
        JSON.stringify(o[key]); // fails now rather than at the announcement
      }
    }
    const wire = {
      id,
      inputSchema: o.inputSchema === undefined ? { ...OBJECT_SCHEMA } : o.inputSchema,
      outputSchema: o.outputSchema === undefined ? { ...OBJECT_SCHEMA } : o.outputSchema,
      idempotent: o.idempotent === true,
      requiresAuth: o.requiresAuth === true,
      description: o.description == null ? '' : String(o.description),
    };
    if (o.rateLimitPerMinute !== undefined) {
      if (!Number.isInteger(o.rateLimitPerMinute) || o.rateLimitPerMinute < 0) {
        throw new RangeError(`rateLimitPerMinute of ${id} must be a whole number >= 0`);
      }
      wire.rateLimitPerMinute = o.rateLimitPerMinute;
    }
    if (o.name !== undefined) {
      wire.name = String(o.name);
    }
    if (o.tags !== undefined) {
      if (!Array.isArray(o.tags) || !o.tags.every((t) => typeof t === 'string')) {
        throw new TypeError(`tags of ${id} must be an array of strings`);
      }
      wire.tags = [...o.tags];
    }
    if (o.timeoutMs !== undefined) {
      if (!Number.isInteger(o.timeoutMs) || o.timeoutMs <= 0) {
        throw new RangeError(`timeoutMs of ${id} must be a whole number > 0`);
      }
      wire.timeoutMs = o.timeoutMs;
    }
    const apiVersion = o.apiVersion === undefined ? 2 : o.apiVersion;
    if (apiVersion !== 1 && apiVersion !== 2) {
      throw new RangeError(`apiVersion of ${id} must be 1 or 2`);
    }
    wire.apiVersion = apiVersion;
    this._capabilities.set(id, { wire, handler: fn });
    return this;
  }

  /** hook(config): runs once before the announcement; throwing (or rejecting) fails the start (exit status 3). */
  onLoad(hook) {
    this._onLoad = hook;
    return this;
  }

  /** hook(): runs once when the plugin stops (at most 10 s). */
  onUnload(hook) {
    this._onUnload = hook;
    return this;
  }

  /** hook(): true/undefined UP; false or [false, "why"] DOWN; throwing DOWN. */
  health(hook) {
    this._health = hook;
    return this;
  }

  /** @returns {string[]} the declared capability ids, in declaration order */
  get capabilityIds() {
    return [...this._capabilities.keys()];
  }

  /** @returns {object[]} the capabilities as the announcement carries them (describe mode's list) */
  announced() {
    return [...this._capabilities.values()].map((c) => c.wire);
  }

  /** @returns {function|undefined} the handler of a capability */
  handler(id) {
    const c = this._capabilities.get(id);
    return c && c.handler;
  }

  /** @returns {object|undefined} the announcement of a capability */
  describe(id) {
    const c = this._capabilities.get(id);
    return c && c.wire;
  }

  /**
   * Serves the plugin (as `node plugin.js` when the manifest has a "command"): describe mode with DHII_DESCRIBE=1,
   * else the runtime's protocol until it stops the plugin; the process then exits.
   */
  run(env) {
    return require('./runner').run(this, env || process.env);
  }
}

/**
 * Declares a plugin at once:
 *   definePlugin({ id, name, version, capabilities: { 'x.echo': { inputSchema, outputSchema, handler } },
 *                  onLoad, onUnload, health })
 */
function definePlugin(spec) {
  const s = isObject(spec) ? spec : {};
  const plugin = new Plugin(s);
  for (const [id, options] of Object.entries(isObject(s.capabilities) ? s.capabilities : {})) {
    plugin.capability(id, options);
  }
  if (s.onLoad) plugin.onLoad(s.onLoad);
  if (s.onUnload) plugin.onUnload(s.onUnload);
  if (s.health) plugin.health(s.health);
  return plugin;
}

module.exports = { Plugin, definePlugin };
