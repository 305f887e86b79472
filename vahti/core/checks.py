from django.conf import settings
from django.core.checks import Error, register


@register()
def development_keys(app_configs, **kwargs):
    """Refuse the development keys outside debugging: identity codes would be readable."""
    errors = []
    if not settings.DEVELOPMENT and (settings.SECRET_KEY == settings.DEV_SECRET_KEY
                                     or settings.DEV_FIELD_KEY in settings.FIELD_ENCRYPTION_KEYS
                                     or settings.IDENTITY_DIGEST_KEY == settings.DEV_DIGEST_KEY):
        errors.append(Error("VAHTI_SECRET_KEY, VAHTI_FIELD_KEY and VAHTI_DIGEST_KEY must be set "
                            "in production (not the development keys).", id="vahti.E001"))
    return errors
