"""The task queue's one entry point for user-started work (jobs.services.execute)."""

from procrastinate.contrib.django import app

from jobs import services


@app.task(name=services.RUN_TASK, pass_context=False)
def run_task(run_id: int) -> None:
    services.execute(run_id)
