"""Print a fresh environment for a local installation (`make run` writes var/secrets.env):
random keys, and test identity codes allowed because the demo organisation uses them."""

import secrets

from cryptography.fernet import Fernet

if __name__ == "__main__":
    print(f"VAHTI_SECRET_KEY={secrets.token_urlsafe(48)}")
    print(f"VAHTI_FIELD_KEY={Fernet.generate_key().decode()}")
    print("VAHTI_ALLOW_TEST_IDS=1")
