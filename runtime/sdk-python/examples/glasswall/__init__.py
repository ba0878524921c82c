# Notes: a Glass Wall plugin in Dhii-Mail's form (register(kernel), manifest.json beside it),
# served by `python -m dhii_plugin serve .:register`.
#   list_notes (sync, id + handler)            -> A2UI card listing the notes
#   add_note (async, id + handler)             -> card "Note Added"; {"type":"card","title":"Error",...} without title
#   get_note (id + capability + handler)       -> {"id","title","body"} or a card "Not found"
#   slow (async)                               -> waits params["seconds"], then {"slept": seconds}
import asyncio
import socket

from .store import NOTES


def register(kernel):
    kernel["log"]("Notes loading...")

    def list_notes(params):
        return {
            "type": "card",
            "title": "Notes",
            "children": [{"type": "list", "items": [{"id": n["id"], "title": n["title"]} for n in NOTES]}],
        }

    async def add_note(params):
        title = params.get("title")
        if not title:
            return {"type": "card", "title": "Error", "children": [{"type": "text", "content": "Missing title."}]}
        await asyncio.sleep(0)
        note = {"id": str(len(NOTES) + 1), "title": title, "body": params.get("body", "")}
        NOTES.append(note)
        kernel["log"]("Notes: added %s" % note["id"])
        return {"type": "card", "title": "Note Added", "id": note["id"],
                "children": [{"type": "text", "content": "Added %s" % title}]}

    def get_note(capability_id, params):
        for note in NOTES:
            if note["id"] == params.get("note_id"):
                return dict(note)
        kernel["error"]("Notes: no note %s" % params.get("note_id"))
        return {"type": "card", "title": "Not found", "children": []}

    async def slow(params):
        if params.get("notifyPort"):  # tells a test that the call is running
            socket.create_connection(("127.0.0.1", int(params["notifyPort"])), timeout=5).close()
        await asyncio.sleep(float(params.get("seconds", 0)))
        return {"slept": params.get("seconds", 0)}

    kernel["register_capability"]("list_notes", list_notes)
    kernel["register_capability"]("add_note", add_note)
    kernel["register_capability"]("get_note", {"id": "get_note", "name": "Get Note"}, get_note)
    kernel["register_capability"]("slow", slow)
    kernel["log"]("Notes: Capabilities registered.")
