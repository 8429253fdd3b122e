"""python manage.py load_outlets: copy the shipped gazetteer into the database."""

from django.core.management.base import BaseCommand

from attribution import services


class Command(BaseCommand):
    help = "Create an outlet for every gazetteer entry; editors' aliases are kept."

    def handle(self, *args, **options):
        created, updated = services.outlets_load_gazetteer()
        self.stdout.write(f"Outlets: {created} created, {updated} updated.")
