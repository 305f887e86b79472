"""Print fresh keys for an installation (`make run` writes var/secrets.env; production,
docs/deploy.md). With ``--demo`` also allow DVV's test identity codes, which the demo
organisation uses (`make run`, the smoke and load tests): never on a server people use.

Refuses (exit 1) when ``--data`` names an existing database: its identity codes were encrypted
with keys that are missing now, and new keys would not read them. Restore the old key file."""

import argparse
import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="the database the keys are for")
    parser.add_argument(
        "--demo", action="store_true", help="also allow DVV's test identity codes (demo data only)"
    )
    args = parser.parse_args(argv)
    if args.data is not None and args.data.exists():
        print(
            f"vahti: {args.data} exists but its keys are missing; new keys would not read it. "
            "Put the old var/secrets.env back (or remove the database to start afresh).",
            file=sys.stderr,
        )
        return 1
    print(f"VAHTI_SECRET_KEY={secrets.token_urlsafe(48)}")
    print(f"VAHTI_FIELD_KEY={Fernet.generate_key().decode()}")
    print(f"VAHTI_DIGEST_KEY={secrets.token_urlsafe(48)}")
    print(f"VAHTI_BACKUP_KEY={Fernet.generate_key().decode()}")
    print(f"VAHTI_AUDIT_KEY={secrets.token_urlsafe(48)}")
    if args.demo:
        print("VAHTI_ALLOW_TEST_IDS=1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
