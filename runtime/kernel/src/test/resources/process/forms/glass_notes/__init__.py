# A Glass Wall plugin: register(kernel) registers its handlers; schemas come from manifest.json.
from .store import NOTES


def register(kernel):
    kernel["log"]("notes loading")

    async def add_note(params):
        note_id = str(len(NOTES) + 1)
        NOTES.append({"id": note_id, "text": params["text"]})
        return {"type": "card", "id": note_id, "title": None}

    def list_notes(params):
        return {"type": "list", "children": [{"type": "text", "content": n["text"]} for n in NOTES]}

    kernel["register_capability"]("add_note", add_note)
    kernel["register_capability"]("list_notes", {"name": "List Notes"}, list_notes)
