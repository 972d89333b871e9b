"""A fix to Streamlit's deferred downloads, applied once by the app (``app.py``), never on import: code that
only renders figures (the ``zhuqi figures`` command) leaves Streamlit as it is."""
from __future__ import annotations


def keep_generated_downloads() -> None:
    """Keep a deferred download's file until its own session's next run.

    Streamlit 1.67 stores the file a deferred ``download_button`` generates without tying it to the session
    that clicked, so the orphan sweep that ends every script run of *any* session marks it and the next sweep
    deletes it, possibly before the browser has fetched it: a 404, and the download is "canceled" (16 of 44
    exports with 20 tabs). Here the generated file is mapped to the requesting session like any other media
    file. Idempotent; if Streamlit renames these internals the patch is skipped and the old behaviour stays."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    original = getattr(MediaFileManager, "execute_deferred", None)
    if original is None or getattr(original, "keeps_generated_file", False):
        return

    def execute_deferred(self, file_id: str) -> str:
        url = original(self, file_id)
        with self._lock:
            entry = getattr(self, "_deferred_callables", {}).get(file_id)
            files = getattr(self, "_files_by_session_and_coord", None)
            if entry is not None and files is not None:
                generated = url.rsplit("/", 1)[-1].split(".", 1)[0]
                files[entry["session_id"]][entry["coordinates"] + "#generated"] = generated
        return url

    execute_deferred.keeps_generated_file = True
    MediaFileManager.execute_deferred = execute_deferred
