'use strict';
/** Typed failures of a call: the codes of the runtime's error contract (DESIGN §7). */

const ERROR_CODES = Object.freeze(['VALIDATION', 'AUTHENTICATION', 'AUTHORIZATION', 'NOT_FOUND', 'NETWORK',
  'CONFIGURATION', 'INTERNAL', 'TIMEOUT', 'CANCELLED', 'UNAVAILABLE']);

/** The message a caller gets when a handler throws something other than a PluginError. */
const UNEXPECTED_FAILURE = 'The plugin failed';

/**
 * A failure the caller sees with its code.
 *
 *   throw new PluginError('VALIDATION', 'start must be before end', { violations: [{ pointer: '/start', message: '...' }] })
 *   throw new PluginError('NETWORK', 'the mail server refused the connection', { nothingDone: true })
 *
 * details.nothingDone: the call had no effect, so repeating it is safe; details.violations (VALIDATION):
 * [{pointer, message}], JSON pointers into the input.
 */
class PluginError extends Error {
  constructor(code, message, details) {
    if (!ERROR_CODES.includes(code)) {
      throw new TypeError(`unknown error code ${JSON.stringify(code)} (one of ${ERROR_CODES.join(', ')})`);
    }
    super(String(message === undefined ? code : message));
    this.name = 'PluginError';
    this.code = code;
    const d = details && typeof details === 'object' ? details : {};
    this.nothingDone = d.nothingDone === true;
    this.violations = Array.isArray(d.violations) ? d.violations : undefined;
  }

  /** @returns the "error" object of a failed reply */
  toWire() {
    const wire = { code: this.code, message: this.message, nothingDone: this.nothingDone };
    if (this.violations) {
      wire.violations = this.violations
        .filter((v) => v && typeof v.message === 'string')
        .map((v) => ({ pointer: typeof v.pointer === 'string' ? v.pointer : '', message: v.message }));
    }
    return wire;
  }

  /** @returns the PluginError a failed reply's error object stands for */
  static fromWire(error) {
    const e = error && typeof error === 'object' ? error : {};
    const code = ERROR_CODES.includes(e.code) ? e.code : 'INTERNAL';
    return new PluginError(code, typeof e.message === 'string' ? e.message : code,
      { nothingDone: e.nothingDone === true, violations: e.violations });
  }
}

function subclass(code, name) {
  const cls = class extends PluginError {
    constructor(message, details) {
      super(code, message, details);
      this.name = name;
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

const ValidationError = subclass('VALIDATION', 'ValidationError');
const AuthenticationError = subclass('AUTHENTICATION', 'AuthenticationError');
const AuthorizationError = subclass('AUTHORIZATION', 'AuthorizationError');
const NotFoundError = subclass('NOT_FOUND', 'NotFoundError');
const NetworkError = subclass('NETWORK', 'NetworkError');
const ConfigurationError = subclass('CONFIGURATION', 'ConfigurationError');

/** @returns a failed reply's body */
function failure(code, message, nothingDone) {
  return { ok: false, error: { code, message, nothingDone: nothingDone === true } };
}

module.exports = {
  ERROR_CODES, UNEXPECTED_FAILURE, PluginError, ValidationError, AuthenticationError, AuthorizationError,
  NotFoundError, NetworkError, ConfigurationError, failure,
};
