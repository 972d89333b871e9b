"""A deferred download's generated file survives other sessions' script runs (each ends with an orphan sweep)
until the browser has had time to fetch it; without dashboard.streamlit_patches.keep_generated_downloads the second
sweep deletes it (a 404 and a 'canceled' download under load)."""
from unittest import mock

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from dashboard import streamlit_patches


def generated_file_after_sweeps(sweeps: int) -> bool:
    storage = MemoryMediaFileStorage("/media")
    manager = MediaFileManager(storage)
    with mock.patch("streamlit.runtime.media_file_manager._get_session_id", return_value="tab-A"):
        deferred = manager.add_deferred(lambda: b"<svg/>", "image/svg+xml", "1.2.3", "chart.svg")
        url = manager.execute_deferred(deferred)
    for _ in range(sweeps):
        manager.remove_orphaned_files()  # another session's script run ends
    try:
        storage.get_file(url.rsplit("/", 1)[-1].split(".")[0])
        return True
    except MediaFileStorageError:
        return False


def test_generated_download_survives_other_sessions_runs():
    streamlit_patches.keep_generated_downloads()
    assert generated_file_after_sweeps(3)


def test_without_the_fix_the_file_is_swept(monkeypatch):
    patched = MediaFileManager.execute_deferred
    original = patched.__closure__[0].cell_contents  # the Streamlit method the fix wraps
    monkeypatch.setattr(MediaFileManager, "execute_deferred", original)
    if original is patched:
        pytest.skip("fix not installed")
    assert not generated_file_after_sweeps(2)


def test_importing_the_exports_leaves_streamlit_unpatched():
    """The figure command imports the exports: that alone must not change Streamlit (the app applies the fix)."""
    import subprocess
    import sys

    code = ("import dashboard.export, dashboard.export.command\n"
            "from streamlit.runtime.media_file_manager import MediaFileManager\n"
            "print(getattr(MediaFileManager.execute_deferred, 'keeps_generated_file', False))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
