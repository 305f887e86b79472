import logging

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from .http import is_api
from .identity import KeysDoNotMatch

logger = logging.getLogger("vahti")


class LanguageMiddleware:
    """Finnish unless the user chose otherwise (the language switch sets a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a coach with an
    English browser would get English by default; Vahti is Finnish by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware:
    """Scripts, styles, images and forms from Vahti's own address only; never framed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


class NoStoreMiddleware:
    """Client data must not stay in browser or proxy caches: every response to a signed-in user,
    and every document or feed, is ``Cache-Control: no-store``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or not response.get(
            "Content-Type", ""
        ).startswith("text/html"):
            response["Cache-Control"] = "no-store, private"
        return response


class KeysErrorMiddleware:
    """Data that the configured keys cannot decrypt is an operator's problem, not a missing page:
    say so clearly (503) instead of failing as if the client did not exist."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, KeysDoNotMatch):
            logger.error(
                "stored data cannot be decrypted: wrong VAHTI_FIELD_KEY (%s)", request.path
            )
            return render(request, "core/keys_error.html", status=503)
        return None


class NulMiddleware:
    """A NUL character has no place in any form or query value, and PostgreSQL refuses it in
    text: answer 400 instead of failing deeper down with a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.META.get("QUERY_STRING", "")
            or "%00" in request.META.get("QUERY_STRING", "")
            or (
                request.method == "POST"
                and any("\x00" in value for values in request.POST.lists() for value in values[1])
            )
        ):
            message = _("The request contains a character that is not allowed.")
            if is_api(request):
                return JsonResponse({"detail": str(message)}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)


class MethodMiddleware:
    """Only the methods the pages use: GET and HEAD read, POST writes. Anything else (TRACE,
    PUT, DELETE…) is 405 before a view runs: a view that renders a form for any method that is
    not POST would otherwise answer TRACE with the page, and log a read of the client."""

    ALLOWED = ("GET", "HEAD", "POST")
    # The REST API's views are DRF views, which answer only the methods they define (a PUT
    # where none is defined is 405 there) and never render a page for another method.
    API_ALLOWED = (*ALLOWED, "PUT", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = self.API_ALLOWED if is_api(request) else self.ALLOWED
        if request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        return self.get_response(request)
