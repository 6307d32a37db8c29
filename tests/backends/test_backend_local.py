"""The local backend: per-document work in worker processes, in order, each under a budget."""

from __future__ import annotations

import os
import signal
import time

import pytest

from newsfuse.backends import LocalBackend, Overrun
from newsfuse.errors import ConfigError


def double(x: int) -> int:
    return 2 * x


def spin(x: int) -> int:
    if x == 3:
        while True:  # a document that never finishes
            pass
    return x


def hog(x: int) -> int:
    if x == 1:
        block = bytearray(1024**3)  # 1 GiB, far above the budget
        return len(block)
    return x


def die(x: int) -> int:
    if x == 2:
        os.kill(os.getpid(), signal.SIGSEGV)  # a C library crashing on one page
    return x


def slow_then(x: int) -> int:
    time.sleep(0.01 * (5 - x))  # later items finish first
    return x


def fails(x: int) -> int:
    raise ValueError(f"bad {x}")


def nap(x: float) -> float:
    time.sleep(x)
    return x


def four(x: float) -> float:
    """An item that holds four documents."""
    return 4.0


def negative(x: int, reason: str) -> int:
    assert "budget" in reason  # the fallback is told how the first call overran
    return -x


def test_results_come_in_input_order_whatever_finishes_first() -> None:
    with LocalBackend(2, seconds=5) as backend:
        assert list(backend.map(slow_then, [(i,) for i in range(6)])) == list(range(6))
        assert list(backend.map(double, [(i,) for i in range(50)])) == [2 * i for i in range(50)]


def test_inline_gives_the_same_results() -> None:
    items = [(i,) for i in range(20)]
    with LocalBackend(0) as inline, LocalBackend(2) as workers:
        assert list(inline.map(double, items)) == list(workers.map(double, items))


def test_a_document_past_its_time_budget_is_stopped_and_the_rest_goes_on() -> None:
    start = time.monotonic()
    with LocalBackend(1, seconds=0.5) as backend:
        out = list(backend.map(spin, [(i,) for i in range(6)]))
    assert time.monotonic() - start < 5
    assert out[:3] == [0, 1, 2] and out[4:] == [4, 5]
    assert isinstance(out[3], Overrun) and out[3].kind == "time"
    assert "0.5 s" in out[3].reason


def test_an_item_of_several_documents_has_the_time_of_all() -> None:
    with LocalBackend(1, seconds=0.3) as backend:
        alone = list(backend.map(nap, [(0.6,)]))
        held = list(backend.map(nap, [(0.6,), (2.0,)], scale=four))
    assert isinstance(alone[0], Overrun) and "0.3 s" in alone[0].reason
    assert held[0] == 0.6
    assert isinstance(held[1], Overrun) and "1.2 s" in held[1].reason


def test_a_document_past_its_memory_budget_fails_there() -> None:
    with LocalBackend(1, seconds=20, memory=256 * 2**20) as backend:
        out = list(backend.map(hog, [(i,) for i in range(3)]))
    assert out[0] == 0 and out[2] == 2
    assert isinstance(out[1], Overrun) and out[1].kind == "memory"
    assert "256 MiB" in out[1].reason


def take(mib: int) -> int:
    block = bytearray(mib * 2**20)
    return len(block) // 2**20


def test_an_item_of_several_documents_has_their_memory_within_the_machine_s_share(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a story of many reports needs more than one page's budget: 384 MiB is past one
    # document's 256 MiB, within four documents'
    with LocalBackend(1, seconds=20, memory=256 * 2**20) as backend:
        alone = list(backend.map(take, [(384,)]))
        held = list(backend.map(take, [(384,)], scale=four))
    assert isinstance(alone[0], Overrun) and alone[0].kind == "memory"
    assert held == [384]
    # never more than the machine's memory over jobs + 1, unless one document has more
    from newsfuse.backends import local

    monkeypatch.setattr(local, "_physical_memory", lambda: 12 * 2**30)
    backend = LocalBackend(2, memory=2**30)
    assert backend.memory_for(1) == 2**30 and backend.memory_for(3) == 3 * 2**30
    assert backend.memory_for(1648) == 4 * 2**30  # 12 GiB over 3
    assert LocalBackend(2, memory=5 * 2**30).memory_for(1648) == 5 * 2**30


def test_a_crashing_worker_costs_only_its_document() -> None:
    with LocalBackend(1, seconds=10) as backend:
        out = list(backend.map(die, [(i,) for i in range(4)]))
    assert out[0:2] == [0, 1] and out[3] == 3
    assert isinstance(out[2], Overrun) and out[2].kind == "crash"
    assert "signal" in out[2].reason


def test_the_fallback_runs_when_a_document_overruns() -> None:
    with LocalBackend(1, seconds=0.5) as backend:
        out = list(backend.map(spin, [(3,), (4,)], fallback=negative))
    assert out == [-3, 4]


def test_an_exception_in_the_function_is_raised_to_the_caller() -> None:
    with LocalBackend(1) as backend, pytest.raises(ValueError, match="bad 0"):
        list(backend.map(fails, [(0,)]))


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"jobs": -1}, "jobs"), ({"seconds": 0}, "seconds"), ({"memory": 0}, "memory")],
)
def test_bad_parameters_are_refused(kwargs: dict, name: str) -> None:
    with pytest.raises(ConfigError, match=f"'{name}' parameter of LocalBackend"):
        LocalBackend(**kwargs)


def test_a_script_without_a_main_guard_works(tmp_path) -> None:
    # multiprocessing re-runs the main script in every new process unless told otherwise; a
    # user's script without `if __name__ == "__main__":` must not start its job again there
    import subprocess
    import sys

    script = tmp_path / "job.py"
    script.write_text(
        "import math\n"
        "from newsfuse.backends import LocalBackend\n"
        "print('started', flush=True)\n"
        "with LocalBackend(2, seconds=20) as backend:\n"
        "    print(list(backend.map(math.sqrt, [(4.0,), (9.0,)])))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["started", "[2.0, 3.0]"]
