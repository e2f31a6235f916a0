from django.conf import settings
from django.core.management.base import BaseCommand

from hub.digests import send_digests


class Command(BaseCommand):
    help = "Email each user one digest of new resources matching their watches (run by cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="",
            help="site address for links, e.g. https://datahub.ct.gov (default: SITE_URL)",
        )

    def handle(self, *args, base_url, **options):
        sent = send_digests((base_url or settings.SITE_URL).rstrip("/"))
        self.stdout.write(f"{sent} digest(s) sent.")
