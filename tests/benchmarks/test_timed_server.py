"""benchmarks/timed_server.py: every script run of the server is written down (start, end, CPU), and
benchmarks/browser.py sums them per step and gives their medians."""
import time

from benchmarks import browser, timed_server


def test_each_script_run_is_logged_with_its_wall_and_cpu_time(tmp_path, monkeypatch):
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(script_runner.ScriptRunner, "_run_script", script_runner.ScriptRunner._run_script)
    log = tmp_path / "runs.log"
    timed_server.log_runs(str(log))
    at = AppTest.from_string("import time\nt = time.thread_time()\nwhile time.thread_time() - t < 0.05: pass\n"
                             "time.sleep(0.1)")
    before = time.time()
    at.run()
    at.run()
    runs = timed_server.read_runs(log)
    assert len(runs) == 2 and timed_server.read_runs(log, 1) == runs[1:]
    for start, end, cpu in runs:
        assert before <= start < end <= time.time()
        assert end - start >= 0.15 - 0.01  # the script's busy 50 ms and its 100 ms sleep
        assert 0.05 - 0.01 <= cpu < end - start  # the sleep is no CPU
    assert timed_server.read_runs(tmp_path / "none.log") == []


def test_the_runs_of_each_action_are_summarised_per_target():
    steps = [{"db": "real", "kind": "filter", "target": "app", "total_ms": t, "run_ms": r, "run_cpu_ms": c}
             for t, r, c in ((400, 30, 20), (500, 50, 30), (450, 40, 25))]
    steps += [{"db": "real", "kind": "filter", "target": "floor", "total_ms": 200, "run_ms": None, "run_cpu_ms": None}]
    assert browser.run_medians(steps, ["real"]) == {
        "real": {"filter": {"app": {"run_ms": 40, "run_cpu_ms": 25, "total_ms": 450, "n": 3}}}}
