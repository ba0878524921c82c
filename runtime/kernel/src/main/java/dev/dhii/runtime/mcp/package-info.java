/**
 * The MCP bridge: every served capability as an MCP tool at {@code /mcp} (Streamable HTTP, the
 * initialize-handshake protocol revisions 2025-03-26 to 2025-11-25), through the same dispatch pipeline
 * as the HTTP bridge, and the stdio proxy behind {@code dhii mcp}.
 */
package dev.dhii.runtime.mcp;
