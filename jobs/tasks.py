"""The task queue's one entry point for user-started work (jobs.services.execute)."""

from procrastinate.contrib.django import app


@app.task(name="jobs.run", pass_context=False)
def run_task(run_id: int) -> None:
    from jobs import services

    services.execute(run_id)
