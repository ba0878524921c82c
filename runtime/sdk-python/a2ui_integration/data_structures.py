"""Dhii-Mail main's A2UI component graph (ComponentGraph): nodes with props and ordered children,
and the operations that built it, for plugins that import it."""

import uuid
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Dict, List, Optional

__all__ = ["OperationType", "A2UIOperation", "ComponentNode", "ComponentGraph"]


class OperationType(Enum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    MOVE = "move"


@dataclass
class A2UIOperation:
    """One recorded change of the graph."""
    type: OperationType
    node_id: str
    component_type: Optional[str] = None
    props: Dict[str, Any] = field(default_factory=dict)
    parent_id: Optional[str] = None
    index: Optional[int] = None

    def to_dict(self) -> Dict[str, Any]:
        return {"type": self.type.value, "node_id": self.node_id, "component_type": self.component_type,
                "props": self.props, "parent_id": self.parent_id, "index": self.index}


class ComponentNode:
    """A component: its type, props and children ids."""

    def __init__(self, component_type: str, props: Dict[str, Any] = None, node_id: str = None):
        self.id = node_id or str(uuid.uuid4())
        self.type = component_type
        self.props = dict(props or {})
        self.children: List[str] = []


class ComponentGraph:
    """Components by id, with a root, and the operations applied so far."""

    def __init__(self):
        self.nodes: Dict[str, ComponentNode] = {}
        self.root_id: Optional[str] = None
        self.operations: List[A2UIOperation] = []

    def add_node(self, component_type: str, props: Dict[str, Any] = None, node_id: str = None) -> str:
        node = ComponentNode(component_type, props, node_id)
        self.nodes[node.id] = node
        self.operations.append(A2UIOperation(OperationType.INSERT, node.id, component_type, dict(node.props)))
        return node.id

    def add_child(self, parent_id: str, child_id: str, index: Optional[int] = None):
        children = self.nodes[parent_id].children
        children.insert(len(children) if index is None else index, child_id)
        self.operations.append(A2UIOperation(OperationType.MOVE, child_id, parent_id=parent_id, index=index))

    def update_node(self, node_id: str, props: Dict[str, Any]):
        self.nodes[node_id].props.update(props)
        self.operations.append(A2UIOperation(OperationType.UPDATE, node_id, props=dict(props)))

    def remove_node(self, node_id: str):
        node = self.nodes.pop(node_id, None)
        if node is None:
            return
        for child in list(node.children):
            self.remove_node(child)
        for other in self.nodes.values():
            if node_id in other.children:
                other.children.remove(node_id)
        if self.root_id == node_id:
            self.root_id = None
        self.operations.append(A2UIOperation(OperationType.DELETE, node_id))

    def set_root(self, node_id: str):
        if node_id not in self.nodes:
            raise KeyError(node_id)
        self.root_id = node_id

    def get_operations(self) -> List[Dict[str, Any]]:
        return [op.to_dict() for op in self.operations]

    def clear_operations(self):
        self.operations.clear()

    def to_adjacency_list(self) -> Dict[str, Any]:
        return {"root": self.root_id, "nodes": {i: {"type": n.type, "props": n.props, "children": list(n.children)}
                                                for i, n in self.nodes.items()}}

    def _resolve_node(self, node_id: str) -> Dict[str, Any]:
        node = self.nodes[node_id]
        return {"id": node.id, "type": node.type, "props": node.props,
                "children": [self._resolve_node(c) for c in node.children if c in self.nodes]}

    def to_json(self) -> Dict[str, Any]:
        return self._resolve_node(self.root_id) if self.root_id in self.nodes else {}
