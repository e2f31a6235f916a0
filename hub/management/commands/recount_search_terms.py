from django.core.management.base import BaseCommand

from hub import search


class Command(BaseCommand):
    help = (
        "Count the facet values of every search term again from the resources (the counts "
        "one-word searches read). Triggers keep them; run this after writing resources with "
        "the triggers off, e.g. a data-only restore with --disable-triggers."
    )

    def handle(self, *args, **options):
        wrong = search.recount_terms()
        fixed = " and are corrected" if wrong else ""
        self.stdout.write(f"Search term counts recounted; {wrong} were wrong{fixed}.")
