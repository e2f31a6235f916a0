from django.core.management.base import BaseCommand

from hub.link_check import check_links


class Command(BaseCommand):
    help = "Check every published resource's URL and record the result (run by cron)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10, help="seconds per request")
        parser.add_argument("--workers", type=int, default=4, help="requests at a time")

    def handle(self, *args, timeout, workers, **options):
        counts = check_links(timeout=timeout, workers=workers)
        self.stdout.write(f"{counts['checked']} link(s) checked, {counts['broken']} broken.")
