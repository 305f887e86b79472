"""Plain words everywhere, in Finnish, Swedish and English: every page of the demo a manager can
reach, the notices to Kela and the documents show no code value (``onsite``, ``sick``,
``received_on``…), no seed file name and no ISO date in their visible text; the Swedish pages
show no untranslated Finnish and say FPA, not Kela."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from pypdf import PdfReader

from vahti.cases import services as cases
from vahti.cases.models import Certificate
from vahti.cases.models import Client as CaseClient
from vahti.notices import services as notices
from vahti.notices.models import Notice
from vahti.organisations.models import User

ISO_DATE = re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d\b")
# A code standing alone; a rule id (teak.precontact) is a reference and may show.
CODES = re.compile(
    r"(?<![.\w])(?:onsite|workplace|independent|sick|illness|employer_delay|"
    r"client_holiday|childcare|part_time|full_time|paid_work_trial|received_on|"
    r"decided_on|first_day|precontact|kela_notified|feedback_sent|start_postponed|"
    r"kela_agreed|group_period_start|service_descriptions|client_matters)\b|-tapahtum"
    r"|\w{3}_[0-9a-f]{16}\.txt|\b(?:breaks|days|events)\[\d"
)
# /api/: the REST API's schema and its documentation page are for programmers, and the API's
# contract is ISO dates and code values (docs/api.md); its words are tested in tests/cases.
SKIPPED = ("/static", "/admin", "/i18n", "/logout", "/account/logout", "/api/")


def _visible(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<(input|option)[^>]*>", " ", html)  # values posted back, not read
    return re.sub(r"<[^>]+>", " ", html)


# In English, words such as "sick" or "workplace" are English: only the codes that cannot be words.
CODES_EN = re.compile(
    r"(?<![.\w])[a-z]+_[a-z_]+\b(?!@)|\w{3}_[0-9a-f]{16}\.txt|\b(?:breaks|days|events)\[\d"
)
PER_KIND = 2  # pages of one kind (the same address but for its numbers) visited
# Finnish left in a Swedish page: the interface's frequent words, which no Swedish text has, and
# Kela's Finnish name (FPA in Swedish; kela.fi and its e-mail addresses stay). The demo's own data
# (its names, places and free text) is Finnish as its users typed it and is not the interface.
FINNISH = re.compile(
    r"\b(?:tai|ei|on|päivä\w*|kuntoutu\w*|asiak\w*|tallenna\w*|viikko\w*|palvelu\w*|"
    r"päätö\w*|ilmoitu\w*|tauko\w*|poissaolo\w*|määrä\w*|tapahtum\w*|lisää|näytä|"
    r"tehty|avoin|myöhässä|Kelan?)\b(?![.@]\w)",
    re.I,
)
QUOTED = re.compile(r'"[^"\n]*"|”[^”\n]*”|“[^”\n]*”|&quot;.*?&quot;|&#x27;.*?&#x27;')
DEMO_WORDS = re.compile(
    r"Osa-aikatyö|Esimerki\w*|Jaksaminen|Kuntoutus Oy|Esihenkilö|Palveluntuottajan oma vaatimus"
    r"|Kelan auditoijat|Kuntoutuspalautteista puuttui|Poissaoloille ei ollut kirjattu syytä"
    r"|Poissaolon syy pakolliseksi viikkokirjauksessa|\w+ kuntoutuspäivä|Kelan kustantama kuntoutus"
    r"|palveluntuottaja vahvistaa"
)


def _problems(where: str, text: str, lang: str = "fi", *, page: bool = False) -> list[str]:
    codes = CODES_EN if lang == "en" else CODES
    hits = set(ISO_DATE.findall(text)) | set(codes.findall(text))
    if lang == "sv" and page:
        # A quoted heading of a Finnish source ("Kuntoutuksen aloitus") is a citation.
        unquoted = QUOTED.sub(" ", DEMO_WORDS.sub(" ", text))
        hits |= set(FINNISH.findall(unquoted))
    return [f"{where}: {hit}" for hit in sorted(hits)]


@pytest.fixture(scope="module")
def demo_documented(django_db_setup, django_db_blocker):
    """The demo organisation with notices and certificates, built once for the three languages'
    crawls (each crawl runs in a savepoint of this transaction, rolled back after the last)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("vahti_demo", stdout=io.StringIO())
        manager = User.objects.get(username="demo")
        for client in CaseClient.objects.all()[:6]:
            decision = client.current_decision
            for kind in ("change", "interruption", "postponement"):
                try:
                    notices.notice_create(actor=manager, decision=decision, kind=kind)
                except ValidationError:
                    pass
            try:
                cases.certificate_issue(actor=manager, decision=decision)
            except ValidationError:
                pass
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_no_code_value_file_name_or_iso_date_in_the_pages_notices_and_documents(
    demo_documented, lang
):
    manager = User.objects.get(username="demo")
    # The demo's contract and price annex are among the pages crawled.
    from vahti.invoicing.models import Contract

    assert Contract.objects.get(organisation=manager.organisation).price_types.count() == 3
    assert Notice.objects.exists() and Certificate.objects.exists()
    browser = Client()
    browser.force_login(manager)
    browser.cookies["django_language"] = lang
    problems, seen, queue, documents, kinds = [], set(), ["/"], set(), {}
    while queue and len(seen) < 300:
        url = queue.pop()
        kind = re.sub(r"\d+", "N", url)
        if url in seen or kinds.get(kind, 0) >= PER_KIND:
            continue
        seen.add(url)
        kinds[kind] = kinds.get(kind, 0) + 1
        response = browser.get(url)
        if response.status_code != 200:
            continue
        html = response.content.decode()
        if lang == "sv":
            # A document's text in a Finnish client's language is marked lang="fi": not the UI.
            html = re.sub(r'<(\w+)[^>]*\blang="fi"[^>]*>.*?</\1>', " ", html, flags=re.S)
            html = re.sub(r"<code>.*?</code>", " ", html, flags=re.S)  # parameter references
        problems += _problems(url, _visible(html), lang, page=not url.endswith(".xml"))
        for link in re.findall(r'href="(/[^"#?]*)"', html):
            if link.endswith(".pdf"):
                documents.add(link)
            elif not link.startswith(SKIPPED) and not link.endswith(
                (".eml", ".ics", ".csv", ".xlsx")
            ):
                queue.append(link)
    assert len(kinds) > 40 and documents
    for url in sorted(documents):
        pdf = browser.get(url).content
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        problems += _problems(url, text, lang)
    for notice in Notice.objects.all():
        problems += _problems(f"notice {notice.kind}", f"{notice.subject}\n{notice.body}")
    assert problems == [], "\n".join(sorted(set(re.sub(r"\d+", "N", p) for p in problems)))


def test_templates_write_dates_through_the_one_filter():
    """Dates on pages go through the `fi` filters (4.12.2026, klo 9.05): a hand-written format
    drifts (j.n.Y here, d.m.Y there, H:i beside H.i). Formats for machines stay (Y-m-d in
    addresses and date fields, W for the week number, F Y for a month's caption)."""
    from pathlib import Path

    import vahti

    machine = {"Y-m-d", "W", "F Y"}
    found = []
    for template in Path(vahti.__file__).parent.glob("*/templates/**/*.html"):
        for fmt in re.findall(r"""\|date:["']([^"']+)["']""", template.read_text()):
            if fmt not in machine:
                found.append(f"{template.name}: {fmt}")
    assert found == []
