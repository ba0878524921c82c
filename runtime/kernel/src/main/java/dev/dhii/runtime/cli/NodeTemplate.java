package dev.dhii.runtime.cli;

import dev.dhii.runtime.config.RuntimeOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of {@code dhii plugin create NAME --lang node}: a Node.js process plugin (served by the Node SDK of
 * runtime/sdk-node from its {@code entrypoint} plugin.js) with one capability {@code NAME.hello}, its test for
 * node's built-in runner ({@code node --test}, through the SDK's harness {@code dhii-plugin/testing}: the plugin as a
 * real process over the runtime's wire), a package.json and a README.
 */
final class NodeTemplate {

  private NodeTemplate() {
  }

  /** @return file name (relative to the plugin directory) to content */
  static Map<String, String> files(String name) {
    return files(name, new RuntimeOptions().processNodeSdkPath());
  }

  /**
   * @param name the plugin's id
   * @param sdk the Node SDK's directory (where the test finds {@code dhii-plugin} without {@code npm install})
   * @return file name to content
   */
  static Map<String, String> files(String name, Path sdk) {
    JsonObject manifest = new JsonObject().put("id", name).put("name", name).put("version", "0.1.0")
      .put("description", "The " + name + " plugin").put("apiVersion", 2)
      .put("runtime", "process").put("entrypoint", "plugin.js")
      .put("capabilities", new JsonArray().add(name + ".hello"))
      .put("permissions", new JsonArray()).put("config", new JsonObject().put("greeting", "Hello"));
    JsonObject pkg = new JsonObject().put("name", name).put("version", "0.1.0").put("private", true)
      .put("description", "The " + name + " plugin (Dhii, Node.js)").put("main", "plugin.js")
      .put("scripts", new JsonObject().put("test", "node --test"))
      // a local link, no registry: `npm install` makes node_modules/dhii-plugin point at the runtime's SDK
      .put("devDependencies", new JsonObject().put("dhii-plugin", "file:" + sdk.resolve("dhii-plugin")))
      .put("engines", new JsonObject().put("node", ">=18"));
    Map<String, String> files = new LinkedHashMap<>();
    files.put("manifest.json", manifest.encodePrettily() + "\n");
    files.put("plugin.js", fill(PLUGIN, name, sdk));
    files.put("package.json", pkg.encodePrettily() + "\n");
    files.put("test/plugin.test.js", fill(TEST, name, sdk));
    files.put("README.md", fill(README, name, sdk));
    return files;
  }

  private static String fill(String template, String name, Path sdk) {
    return template.replace("{{name}}", name).replace("{{sdk}}", sdk.toString().replace("\\", "\\\\").replace("'", "\\'"));
  }

  private static final String PLUGIN = """
    'use strict';
    // The {{name}} plugin. The runtime serves it from manifest.json's "entrypoint" with the Node SDK on NODE_PATH.
    const { Plugin, PluginError } = require('dhii-plugin');

    const plugin = new Plugin({ id: '{{name}}', name: '{{name}}', version: '0.1.0' });
    let greeting = 'Hello';

    plugin.onLoad(async (config) => {
      // manifest.json's "config"; throwing here fails the start
      greeting = config.greeting || greeting;
    });

    plugin.capability('{{name}}.hello', {
      description: 'Greets someone',
      idempotent: true,
      inputSchema: {
        type: 'object',
        properties: { name: { type: 'string', minLength: 1, maxLength: 100 } },
        required: ['name'],
        additionalProperties: false,
      },
      outputSchema: {
        type: 'object',
        properties: { message: { type: 'string' } },
        required: ['message'],
      },
    }, async (input, ctx) => {
      if (input.name.trim() === '') {
        throw new PluginError('VALIDATION', 'name must not be blank', { violations: [{ pointer: '/name', message: 'is blank' }] });
      }
      ctx.logger.info(`greeting ${input.name}`);
      return { message: `${greeting}, ${input.name}!` };
    });

    module.exports = plugin;
    """;

  private static final String TEST = """
    'use strict';
    // node --test (npm test): the plugin as a real process over the runtime's wire, through the SDK's harness.
    const test = require('node:test');
    const assert = require('node:assert/strict');
    const path = require('node:path');

    // dhii-plugin: node_modules/ after `npm install`, else the runtime's SDK (DHII_NODE_SDK, or where
    // `dhii plugin create` found it)
    module.paths.push(process.env.DHII_NODE_SDK || '{{sdk}}');
    const { startPlugin } = require('dhii-plugin/testing');

    test('{{name}}.hello', async (t) => {
      const plugin = await startPlugin(path.join(__dirname, '..'));
      t.after(() => plugin.stop());

      await t.test('greets with the configured greeting', async () => {
        assert.deepEqual(await plugin.call('{{name}}.hello', { name: 'Ada' }), { message: 'Hello, Ada!' });
      });

      await t.test('refuses input that breaks its schema (VALIDATION)', async () => {
        await assert.rejects(plugin.call('{{name}}.hello', {}), (e) => e.code === 'VALIDATION');
        await assert.rejects(plugin.call('{{name}}.hello', { name: 'Ada', age: 3 }), (e) => e.code === 'VALIDATION');
      });

      await t.test('refuses a blank name with its own typed error', async () => {
        await assert.rejects(plugin.call('{{name}}.hello', { name: '   ' }),
          (e) => e.code === 'VALIDATION' && e.violations[0].pointer === '/name');
      });
    });
    """;

  private static final String README = """
    # {{name}}

    A Dhii process plugin in Node.js (18 or later; no dependencies): `plugin.js` declares the capability
    `{{name}}.hello` with its JSON schemas and an async handler; `manifest.json` tells the runtime to serve it
    (`"runtime": "process"`, `"entrypoint": "plugin.js"`).

    ## Test

        npm test

    runs `node --test`: `test/plugin.test.js` starts the plugin as a real process speaking the runtime's wire
    protocol (the SDK's harness, `require('dhii-plugin/testing')`) and calls its capability. The test finds the SDK
    at `{{sdk}}` (or `DHII_NODE_SDK`); `npm install` links it into node_modules/ instead (a local `file:` link, no
    download).

    ## Check, serve and call

        dhii plugin validate .                 # the manifest, and the capabilities plugin.js describes
        dhii serve --plugins ..                # or: dhii serve --watch, with this directory in a plugin folder
        dhii invoke {{name}}.hello --data '{"name":"Ada"}'

    (`dhii` is the launcher at the root of the runtime's checkout; `./dhii link` puts it on your PATH.)

    ## Next

    - Add capabilities with `plugin.capability(id, { inputSchema, outputSchema, ... }, async (input, ctx) => ...)`
      and list their ids in manifest.json's `capabilities`.
    - Fail a call with `throw new PluginError(CODE, message, { nothingDone, violations })`; any other exception
      reaches the caller as INTERNAL "The plugin failed" (its detail goes to the log only).
    - A long handler watches `ctx.signal` (an AbortSignal: the caller cancelled or the deadline passed) and may
      report `ctx.reportProgress(done, total, message)`.
    - Bundle it: `dhii plugin bundle .`
    """;
}
