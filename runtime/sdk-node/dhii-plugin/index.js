'use strict';
/**
 * Node.js SDK for Dhii process plugins (no dependencies).
 *
 *   const { Plugin, PluginError } = require('dhii-plugin');
 *   const plugin = new Plugin({ id: 'hello', name: 'Hello', version: '1.0.0' });
 *   plugin.capability('hello.greet', { inputSchema, outputSchema, idempotent: true }, async (input, ctx) => {
 *     return { text: `Hello, ${input.name}` };
 *   });
 *   module.exports = plugin;
 *
 * See ../README.md for the manifest, the protocol and the test harness (require('dhii-plugin/testing')).
 */

const errors = require('./errors');
const { Plugin, definePlugin } = require('./plugin');
const { Context } = require('./context');
const { pluginConfig, SDK_VERSION } = require('./runner');

module.exports = {
  Plugin,
  definePlugin,
  Context,
  PluginError: errors.PluginError,
  ValidationError: errors.ValidationError,
  AuthenticationError: errors.AuthenticationError,
  AuthorizationError: errors.AuthorizationError,
  NotFoundError: errors.NotFoundError,
  NetworkError: errors.NetworkError,
  ConfigurationError: errors.ConfigurationError,
  ERROR_CODES: errors.ERROR_CODES,
  SDK_VERSION,
  pluginConfig,
};
