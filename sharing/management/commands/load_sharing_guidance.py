"""Re-apply sharing/data/guidance.yaml to the guidance library (shipped rows only)."""

from django.apps import apps
from django.core.management.base import BaseCommand

from sharing.guidance_loader import load_guidance


class Command(BaseCommand):
    help = "Reset the shipped guidance rows to sharing/data/guidance.yaml (overwrites edits)."

    def handle(self, *args, **options):
        load_guidance(lambda name: apps.get_model("sharing", name))
        self.stdout.write("Guidance library refreshed.")
