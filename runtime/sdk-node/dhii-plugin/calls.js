'use strict';
/** One call of a capability: the checks before it runs, the handler, and the reply its outcome makes. */

const { PluginError, UNEXPECTED_FAILURE, failure } = require('./errors');
const { isPluginError, describeError } = require('./support');

/**
 * @returns {Promise<object>} the reply body: {ok: true, output} or {ok: false, error}; never rejects. A PluginError
 *   keeps its code; a handler that gave up on its aborted signal answers the signal's reason; anything else is
 *   INTERNAL with a plain message (the detail goes to the log with the request id)
 */
async function invoke(plugin, pluginId, body, ctx, log) {
  const id = ctx.capability;
  const handler = plugin.handler(id);
  if (!handler) {
    return failure('NOT_FOUND', `plugin ${pluginId} has no capability ${id}`, true);
  }
  if (ctx.cancelReason) {
    return failure(ctx.cancelReason, 'the call was cancelled before it started', true);
  }
  if (ctx.cancelled) {
    return failure('TIMEOUT', 'deadline passed before the call started', true);
  }
  const input = body.input == null ? {} : body.input;
  let output;
  try {
    output = await handler(input, ctx);
  } catch (e) {
    if (e instanceof PluginError || isPluginError(e)) {
      return { ok: false, error: e.toWire() };
    }
    if (ctx.signal.aborted && (e === ctx.signal.reason || (e && e.name === 'AbortError'))) {
      // the handler gave up because the call was cancelled: the caller learns why
      return { ok: false, error: ctx.signal.reason.toWire() };
    }
    // the error's text and stack go to the plugin's log with the request id; the caller gets a plain message
    log(`${id} (request ${ctx.requestId}) failed: ${e && e.stack ? e.stack : describeError(e)}`);
    return failure('INTERNAL', UNEXPECTED_FAILURE, false);
  }
  if (output === null || typeof output !== 'object' || Array.isArray(output)) {
    return failure('INTERNAL', `${id} returned ${output === null ? 'null' : Array.isArray(output) ? 'an array'
      : typeof output} instead of an object`, false);
  }
  return { ok: true, output };
}

module.exports = { invoke };
