"""`manage.py vahti_rotate_keys`: after a new field key is put first in VAHTI_FIELD_KEY (the old
ones after it), re-encrypt everything with it; then the old keys can be removed. Also recomputes
the lookup digests with VAHTI_DIGEST_KEY (run it after changing that key). docs/deploy.md."""

from django.core.management.base import BaseCommand

from vahti.core.keys import keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt every encrypted value with the newest key and renew the lookup digests."

    def handle(self, *args, **options):
        def progress(label, count):
            self.stdout.write(f"{label}: {count} rows")

        counts = keys_rotate(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-encrypted {sum(counts.values())} rows with the newest key. The older keys in "
                "VAHTI_FIELD_KEY can now be removed."
            )
        )
