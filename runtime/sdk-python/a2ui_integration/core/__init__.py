"""v1 plugin contract: see a2ui_integration.core.types."""
