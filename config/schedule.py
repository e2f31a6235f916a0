"""The scheduled jobs, in one place: what runs and when (procrastinate periodic tasks).

A worker (`manage.py procrastinate worker`, started by `make run` and by docker-compose's
`worker` service) defers each job at its time and runs it. Each job runs the management
command an operator would run by hand, so a job and its command cannot drift apart; each
command is safe to run again (it records what it sent or checked). A job holds a lock named
after itself, so two runs never overlap (`lock`), and it is never queued twice while one
waits (`queueing_lock`). Each run is a row of `procrastinate_jobs` with its events, listed in
the admin ("Procrastinate" > jobs) with its start, end and result.

Times are cron lines in UTC (procrastinate reads them so), chosen for the early morning in
Connecticut.
"""

from django.core.management import call_command
from procrastinate.contrib.django import app


def _job(name: str, cron: str, command: str, *args: str):
    @app.periodic(cron=cron, periodic_id=name)
    @app.task(name=name, lock=name, queueing_lock=name, pass_context=False)
    def run(timestamp: int) -> None:
        call_command(command, *args)

    return run


# Every published resource's link, weekly (Sunday 07:00 UTC, 2 or 3 am in Hartford).
weekly_link_check = _job("weekly_link_check", "0 7 * * 0", "check_links")
# One email per watcher with the new resources matching their watches, daily.
daily_watch_digests = _job("daily_watch_digests", "0 11 * * *", "send_resource_digests")
# Lapsed agreements expire; reviews waiting too long and coming expiries are reminded, daily.
daily_sharing_reminders = _job("daily_sharing_reminders", "30 11 * * *", "send_sharing_reminders")

# Resource owners, about resources due for review within two weeks (weekly, Monday).
weekly_review_reminders = _job("weekly_review_reminders", "0 12 * * 1", "send_review_reminders")
# Each open survey cycle's reminder steps that are due (e.g. 14, 7 and 2 days before it closes).
daily_survey_reminders = _job("daily_survey_reminders", "0 12 * * *", "send_survey_reminders")
# Data officers, about inventory entries due for the annual review by 31 December (monthly,
# September to December, on the 1st; one email per officer per month).
monthly_inventory_reminders = _job(
    "monthly_inventory_reminders", "0 12 1 9-12 *", "send_inventory_reminders"
)
