"""An older Glass Wall module of the same folder (Dhii-Mail main's plugins/meeting keeps one): the
manifest's entry_point and class_name name plugin.py's class instead."""


def register(kernel):
    kernel["register_capability"]("room_book", lambda params: {"status": "old"})
