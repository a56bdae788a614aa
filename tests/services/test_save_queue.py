"""The meeting's writer thread: saves in the order given, and a hold that only ever delays them."""

from __future__ import annotations

import threading

from okrtui.services import save_queue
from okrtui.services.save_queue import SaveQueue


def test_saves_run_in_the_order_they_were_queued() -> None:
    queue, done = SaveQueue("test-save"), []
    for n in range(50):
        queue.submit(lambda n=n: done.append(n))
    queue._jobs.join()
    assert done == list(range(50)), "a later answer never lands before an earlier one"


def test_a_held_save_waits_for_the_release_then_runs(monkeypatch) -> None:
    monkeypatch.setattr(save_queue, "HOLD_SECONDS", 60.0)
    queue, ran = SaveQueue("test-save"), threading.Event()
    release = queue.hold()
    queue.submit(ran.set)
    assert not ran.wait(0.05), "the save waits while the next step is drawn"
    release()
    assert ran.wait(5), "released, it runs"


def test_a_hold_never_released_only_delays_the_save(monkeypatch) -> None:
    monkeypatch.setattr(save_queue, "HOLD_SECONDS", 0.01)
    queue, ran = SaveQueue("test-save"), threading.Event()
    queue.hold()  # a screen gone before its frame: nobody releases it
    queue.submit(ran.set)
    assert ran.wait(5), "the answer is saved all the same"
