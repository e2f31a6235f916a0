"""Running test code on several real database connections at once."""

import threading

from django.db import connection


def run_together(*jobs, raise_errors=False, timeout=120):
    """Run each job in its own thread (so its own DB connection), all released at once by a
    barrier; return what each returned or raised, in order. With raise_errors, fail the
    test when any job raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each worker met
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads), "a thread hung (lock never released?)"
    if raise_errors:
        errors = [r for r in results if isinstance(r, Exception)]
        assert not errors, errors
    return results
