"""A2UI answers built from Dhii-Mail's component types."""

from a2ui_integration.core.types import A2UIComponent, AdjacencyOperation
from a2ui_integration.data_structures import ComponentGraph


def board(deals):
    graph = ComponentGraph()
    root = graph.add_node("Board", {"title": "Deals"})
    graph.set_root(root)
    for deal in deals:
        graph.add_child(root, graph.add_node("Card", {"title": deal["title"]}))
    component = A2UIComponent(id="deal-board", type="Board", props={"count": len(deals)})
    return [AdjacencyOperation(operation="replace", node_id="main", node_type="div",
                               properties={"component": component, "tree": graph.to_json()})]
