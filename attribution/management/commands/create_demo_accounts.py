"""python manage.py create_demo_editor: an editor account for trying the app locally."""

from django.core.management.base import BaseCommand

from attribution import services


class Command(BaseCommand):
    help = "Create (or reset) a staff editor account and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password", default="attribution-demo")

    def handle(self, *args, username: str, password: str, **options):
        services.editor_create(username=username, password=password)
        self.stdout.write(f"Editor login: {username} / {password}")
