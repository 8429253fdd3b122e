"""python manage.py create_demo_accounts: one account per role, to try the app."""

from django.core.management.base import BaseCommand

from attribution import services
from attribution.roles import Role

ACCOUNTS = [("editor", Role.EDITOR), ("factchecker", Role.FACT_CHECKER)]


class Command(BaseCommand):
    help = "Create (or reset) demo accounts, one per role, and print their logins."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="attribution-demo")

    def handle(self, *args, password: str, **options):
        for username, role in ACCOUNTS:
            services.user_create(username=username, password=password, roles=[role])
            self.stdout.write(f"{role.label} login: {username} / {password}")
