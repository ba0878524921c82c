"""A BasePlugin keeping its deals in the shared services' database; no register function."""

from typing import Any, Dict, Optional

from a2ui_integration.core.plugins import BasePlugin
from a2ui_integration.core.shared_services import get_shared_services
from a2ui_integration.core.types import Capability, PluginType

from .ui_parts import board


class DealsPlugin(BasePlugin):

    def __init__(self, config: Optional[Dict[str, Any]] = None):
        super().__init__(plugin_id="dm_deals", name="Deals", version="1.0.0", description="Deals",
                         plugin_type=PluginType.CRM)
        self.db = get_shared_services().database

    def _register_capabilities(self):
        for cap_id, schema in (("deal.create", {"type": "object", "properties": {"title": {"type": "string"},
                                                                                 "value": {"type": "number"}},
                                                "required": ["title", "value"]}),
                               ("deal.list", {"type": "object"}), ("ui.board", {"type": "object"})):
            self.add_capability(Capability(id=cap_id, domain="crm", name=cap_id, description=cap_id,
                                           input_schema=schema, output_schema={"type": "object"},
                                           side_effects=["write"] if cap_id == "deal.create" else [],
                                           requires_auth=False))

    async def _initialize_plugin(self):
        self.db.execute_update("CREATE TABLE IF NOT EXISTS deals (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                               "title TEXT NOT NULL, value REAL)")

    async def _execute_capability(self, capability_id: str, params: Dict[str, Any]) -> Dict[str, Any]:
        if capability_id == "deal.create":
            self.db.execute_update("INSERT INTO deals (title, value) VALUES (?, ?)",
                                   (params["title"], float(params["value"])))
            last = self.db.execute_query("SELECT MAX(id) AS id FROM deals")[0]["id"]
            return {"deal_id": "deal_%d" % last, "success": True}
        deals = self.db.execute_query("SELECT id, title, value FROM deals ORDER BY id")
        if capability_id == "deal.list":
            return {"deals": deals, "total": len(deals)}
        if capability_id == "ui.board":
            return {"ui_operations": board(deals)}
        raise ValueError("Unknown capability: %s" % capability_id)
