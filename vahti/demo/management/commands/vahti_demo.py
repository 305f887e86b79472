"""`manage.py vahti_demo`: a synthetic demo organisation (idempotent).

Every person is invented and every henkilötunnus is from DVV's test range (individual number
900–999), so the demo needs VAHTI_ALLOW_TEST_IDS=1 (`make run` sets it).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction

from vahti.cases import services as cases
from vahti.cases.models import Decision
from vahti.core.dates import today
from vahti.core.identity import demo_identity_code
from vahti.core.lines import line_not_in_force, registry, service_choices, services_in_force
from vahti.groups import services as groups
from vahti.invoicing import services as invoicing
from vahti.organisations import services as organisations
from vahti.organisations.models import Organisation, User
from vahti.outcomes import services as outcomes
from vahti.readiness import services as readiness
from vahti.reporting import services as reporting
from vahti.rules.calendar import is_working_day
from vahti.rules.evaluate import default_evaluator
from vahti.staff import services as staff

BUSINESS_ID = "1234567-1"
PASSWORD = "vahti-esittely-2026"
FIRST = [
    "Aino",
    "Eero",
    "Helmi",
    "Ilmari",
    "Kaisa",
    "Lauri",
    "Minna",
    "Niko",
    "Outi",
    "Pekka",
    "Riikka",
    "Sami",
    "Tiina",
    "Ville",
    "Anni",
    "Joonas",
    "Laura",
    "Mikko",
    "Noora",
    "Olli",
]
COUNTIES = [
    "helsinki",
    "vantaa_kerava",
    "lansi_uusimaa",
    "keski_uusimaa",
    "pirkanmaa",
    "varsinais_suomi",
    "helsinki",
    "pohjois_pohjanmaa",
]
LAST = [
    "Testinen",
    "Demola",
    "Esimerkki",
    "Kokeilu",
    "Malli",
    "Harjoitus",
    "Näyte",
    "Koekäs",
    "Mallikas",
    "Testaaja",
]


def working_days(start: dt.date, count: int, skip=()) -> list[dt.date]:
    days, day = [], start
    while len(days) < count:
        if is_working_day(day) and day not in skip:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


class Command(BaseCommand):
    help = "Create the synthetic demo organisation (does nothing if it exists)."

    def handle(self, *args, **options):
        if Organisation.objects.filter(business_id=BUSINESS_ID).exists():
            self.stdout.write("Demo organisation exists.")
            return
        with transaction.atomic():
            self.create(random.Random(2024))
        self.stdout.write("Demo organisation created.")

    def create(self, rng: random.Random):
        org = organisations.organisation_create(
            name="Demo Kuntoutus Oy",
            business_id=BUSINESS_ID,
            email="toimisto@demo.invalid",
            phone="09 000 0000",
            address="Esimerkkikatu 1, 00100 Helsinki",
        )
        sites = [
            organisations.site_create(organisation=org, name=name, address=address)
            for name, address in [("Helsinki", "Esimerkkikatu 1"), ("Espoo", "Mallitie 2")]
        ]
        manager = organisations.user_create(
            organisation=org,
            username="demo",
            password=PASSWORD,
            first_name="Maija",
            last_name="Esihenkilö",
            role=User.Role.MANAGER,
            email="demo@demo.invalid",
        )
        coaches = [
            organisations.user_create(
                organisation=org,
                username=username,
                password=PASSWORD,
                first_name=first,
                last_name=last,
                role=role,
                email=f"{username}@demo.invalid",
            )
            for username, first, last, role in [
                ("valmentaja", "Ville", "Valmentaja", User.Role.COACH),
                ("omaohjaaja", "Oona", "Ohjaaja", User.Role.PERSONAL_COACH),
            ]
        ]
        now = today()
        # Every service line a decision can be made for today (the registry and its in_force).
        plans = [line for line, _name in services_in_force(now)]
        # Lines no longer in force for new decisions whose earlier decisions still run (Taito:
        # decided by 31.12.2025), so that every line of the registry is in the demo.
        ended = [
            line
            for line, _name in service_choices()
            if line not in plans and isinstance(line_not_in_force(line, now), dt.date)
        ]
        for number in range(24 + len(ended) * 2):
            service = plans[number % len(plans)] if number < 24 else ended[(number - 24) // 2]
            born = dt.date(1975 + number, 1 + number % 12, 1 + number % 28)
            client = cases.client_create(
                actor=manager,
                first_name=FIRST[number % len(FIRST)],
                last_name=LAST[(number * 3 + number // len(LAST)) % len(LAST)],
                identity_code=demo_identity_code(born.day, born.month, born.year, 900 + number),
                site=sites[number % 2],
                coaches=[coaches[number % 2]],
                county=COUNTIES[number % len(COUNTIES)],
                # Some clients are served in Swedish: their documents are made in Swedish.
                language="sv" if number % 6 == 2 else "fi",
            )
            self.case(rng, manager, client, service, now, number)
        self.provider(manager, coaches, sites, now)
        self.reporting(manager, now)
        self.invoicing(manager, now)

    def invoicing(self, manager, now):
        """A TEAK contract with Kela, its price annex (a price change on 1.1.2026) and the TEAK
        decisions under it. The prices are invented: Kela does not publish them."""
        teak = ["teak.tyokokeilu", "teak.tyohonvalmennus", "teak.yhdistelma"]
        contract = invoicing.contract_create(
            actor=manager, number="DEMO-TEAK-2025", services=teak, starts_on=dt.date(2025, 1, 1)
        )
        for line, name, amount in [
            ("teak.tyokokeilu", "Työkokeilupäivä", "150.00"),
            ("teak.tyohonvalmennus", "Työhönvalmennuspäivä", "180.00"),
            ("teak.yhdistelma", "Yhdistelmän kuntoutuspäivä", "170.00"),
        ]:
            price_type = invoicing.price_type_add(
                actor=manager,
                contract=contract,
                name=name,
                service=line,
                unit="day",
                amount=Decimal(amount),
                starts_on=contract.starts_on,
                vat_reason="Kelan kustantama kuntoutus (palveluntuottaja vahvistaa)",
            )
            invoicing.price_set(
                actor=manager,
                price_type=price_type,
                amount=(Decimal(amount) * Decimal("1.03")).quantize(Decimal("0.01")),
                starts_on=dt.date(2026, 1, 1),
            )
        for client in manager.organisation.clients.all():
            decision = client.current_decision
            if (
                decision is not None
                and decision.service in teak
                and decision.decided_on >= contract.starts_on
            ):
                invoicing.decision_contract_set(actor=manager, decision=decision, contract=contract)
        # The billing details (an example account of Finance Finland's guidelines, not a real
        # one) and last month's run of one line, sent today.
        invoicing.billing_profile_save(
            actor=manager,
            biller_name=manager.organisation.name,
            biller_business_id=BUSINESS_ID,
            provider_business_id=BUSINESS_ID,
            email="laskutus@demo.invalid",
            street="Esimerkkikatu 1",
            post_code="00100",
            town="Helsinki",
            iban="FI2112345600000785",
            bic="NDEAFIHH",
            e_invoice_address="003712345671",
            e_invoice_operator="DEMO-OPERATOR",
            payment_days=14,
        )
        last_month = (now.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        # A missed time last month: not billed, as the contract says (the plan says why).
        free = [
            (decision, day)
            for decision in Decision.objects.filter(contract_link__contract=contract)
            for day in (last_month + dt.timedelta(days=n) for n in range(28))
            if is_working_day(day)
            and decision.days.filter(date__lt=day).exists()  # after the first day
            and not decision.days.filter(date=day).exists()
            and not decision.absences.filter(date=day).exists()
        ]
        if free:
            decision, day = free[0]
            cases.cancellation_add(
                actor=manager,
                decision=decision,
                booked_on=day,
                told_on=day - dt.timedelta(days=14),
                note="Ei saapunut eikä ilmoittanut",
            )
        for line in teak:
            try:
                run = invoicing.run_make(
                    actor=manager, contract=contract, service=line, month=last_month, on=now
                )
            except ValidationError:
                continue  # nothing billable on this line last month: try the next
            invoicing.run_mark_sent(actor=manager, run=run, on=now)
            break

    def reporting(self, manager, now):
        """This year's client count of individual rehabilitation (the one line in Kela's
        registration procedure) as reported last year, a measure of individual rehabilitation,
        and consent and goals for its clients."""
        for line, count in (("yksilokuntoutus", 8),):
            reporting.client_count_report(
                actor=manager,
                service=line,
                year=now.year,
                count=count,
                reported_on=dt.date(now.year - 1, 10, 15),
            )
        grip = outcomes.measure_add(
            actor=manager,
            service="yksilokuntoutus",
            name="Puristusvoima",
            scale="kg",
            minimum=Decimal(0),
            maximum=Decimal(100),
        )
        for decision in Decision.objects.filter(
            client__organisation=manager.organisation, service="yksilokuntoutus"
        ):
            day = min(decision.received_on + dt.timedelta(days=7), now)
            outcomes.consent_record(actor=manager, decision=decision, given_on=day)
            outcomes.gas_goal_set(
                actor=manager,
                decision=decision,
                set_on=day,
                text="Jaksaa kävellä kauppaan ja takaisin ilman taukoa",
            )
            outcomes.measure_result_record(
                actor=manager,
                decision=decision,
                measure=grip,
                phase="start",
                value=Decimal("24.5"),
                measured_on=day,
            )

    def provider(self, manager, coaches, sites, now):
        """The provider's own duties: a staff register with one EA1 ending soon, a pool safety
        course expired, unchecked experience and a missing profession; what the lines need;
        Kela's audit with corrective actions (one closed, one open, one overdue); a Taito
        group of the demo's Taito clients."""

        def years_ago(years, days=0):
            return now - relativedelta(years=years) + dt.timedelta(days=days)

        people = [
            (
                "Ville",
                "Valmentaja",
                "job_coach",
                ["teak.tyokokeilu", "teak.tyohonvalmennus"],
                coaches[0],
                [("first_aid", years_ago(3, 40))],
                60,
                True,
            ),
            (
                "Oona",
                "Ohjaaja",
                "rehabilitation_counsellor",
                ["taito", "yksilokuntoutus"],
                coaches[1],
                [("first_aid", years_ago(1))],
                84,
                True,
            ),
            (
                "Pia",
                "Psykologi",
                "psychologist",
                ["yksilokuntoutus"],
                None,
                [("specialist", years_ago(6))],
                120,
                False,
            ),
            (
                "Fredrik",
                "Fysioterapeutti",
                "physiotherapist",
                ["yksilokuntoutus"],
                None,
                [("first_aid", years_ago(2)), ("pool_safety", years_ago(4, -30))],
                48,
                True,
            ),
            (
                "Sanna",
                "Sosiaalityöntekijä",
                "social_worker",
                ["yksilokuntoutus", "taito"],
                None,
                [("first_aid", years_ago(0, -200))],
                30,
                True,
            ),
        ]
        for first, last, profession, lines, user, qualifications, months, checked in people:
            member = staff.staff_member_create(
                actor=manager,
                first_name=first,
                last_name=last,
                profession=profession,
                services=lines,
                sites=sites,
                user=user,
                experience_months=months,
                experience_checked_on=years_ago(1) if checked else None,
                started_on=years_ago(5),
                report=False,
            ).member
            for kind, gained in qualifications:
                staff.qualification_add(actor=manager, member=member, kind=kind, gained_on=gained)
        for profession in (
            "psychologist",
            "physiotherapist",
            "social_worker",
            "occupational_therapist",
        ):
            staff.requirement_add(
                actor=manager,
                service="yksilokuntoutus",
                profession=profession,
                source="Palveluntuottajan oma vaatimus (esimerkki)",
            )
        staff.requirement_add(
            actor=manager,
            service="teak.tyokokeilu",
            qualification="first_aid",
            source="Palveluntuottajan oma vaatimus (esimerkki)",
        )
        audit = readiness.kela_audit_record(
            actor=manager,
            held_on=now - dt.timedelta(days=70),
            auditors="Kelan auditoijat (2)",
            site=sites[0],
            findings=[
                {
                    "category": "first_aid",
                    "description": "Kahden työntekijän EA1-koulutus oli vanhentunut.",
                },
                {
                    "category": "feedback_content",
                    "description": "Kuntoutuspalautteista puuttui jatkosuunnitelma.",
                },
                {
                    "category": "record_gaps",
                    "description": "Poissaoloille ei ollut kirjattu syytä.",
                },
            ],
        )
        first_aid, feedback, records = audit.findings.all()
        done = readiness.corrective_action_add(
            actor=manager,
            finding=first_aid,
            description="EA1-koulutus koko henkilöstölle",
            owner=manager,
            due_on=now - dt.timedelta(days=20),
        )
        readiness.corrective_action_close(
            actor=manager,
            action=done,
            evidence="Todistukset henkilöstökansiossa.",
            closed_on=now - dt.timedelta(days=25),
        )
        readiness.corrective_action_add(
            actor=manager,
            finding=feedback,
            owner=coaches[0],
            description="Palautepohjaan pakollinen jatkosuunnitelma",
            due_on=now - dt.timedelta(days=5),
        )
        readiness.corrective_action_add(
            actor=manager,
            finding=records,
            owner=coaches[1],
            description="Poissaolon syy pakolliseksi viikkokirjauksessa",
            due_on=now + dt.timedelta(days=10),
        )
        taito = [
            client.current_decision
            for client in manager.organisation.clients.filter(decisions__service="taito").distinct()
        ]
        if taito:
            group = groups.group_create(
                actor=manager,
                name="Taito-ryhmä, syksy 2025",
                service="taito",
                planned_max=8,
                site=sites[0],
            )
            for decision in taito:
                groups.group_member_add(
                    actor=manager, group=group, decision=decision, joined_on=decision.received_on
                )

    def taito_weeks(self, actor, decision, start, friday):
        """Taito as the service description runs it: three individual start-phase visits a week
        apart, then a group period of four days (Mon–Thu) every fourth week with an
        individual visit in the weeks between."""
        monday = start - dt.timedelta(days=start.weekday())
        week = 0
        while monday <= friday:
            if week < 3 or (week - 3) % 4:
                visit = monday + dt.timedelta(days=1)
                entries = (
                    [
                        {
                            "kind": "day",
                            "date": visit,
                            "hours": 2,
                            "programme_hours": 2,
                            "travel_hours": 1,
                            "mode": "onsite",
                        }
                    ]
                    if visit <= friday
                    else []
                )
            else:
                entries = [
                    {
                        "kind": "day",
                        "date": monday + dt.timedelta(days=n),
                        "hours": 6,
                        "programme_hours": 5,
                        "travel_hours": 1,
                        "mode": "group",
                    }
                    for n in range(4)
                    if monday + dt.timedelta(days=n) <= friday
                ]
            if entries:
                cases.week_save(actor=actor, decision=decision, monday=monday, entries=entries)
            monday += dt.timedelta(days=7)
            week += 1

    def case(self, rng, actor, client, service, now, number):
        received = now - dt.timedelta(days=rng.randrange(5, 120))
        ended = line_not_in_force(service, received)
        if isinstance(ended, dt.date):  # a decision made while the line was in force
            received = ended - dt.timedelta(days=rng.randrange(20, 60))
        decision = cases.decision_create(
            actor=actor,
            client=client,
            service=service,
            decided_on=received - dt.timedelta(days=rng.randrange(1, 6)),
            received_on=received,
            sequence=1,
            granted_days=default_evaluator().granted_days(service, on=received),
            close_relative_granted=False,
            in_working_life_at_start=number % 7 == 0,
            benefit_before="",
            # A line where the client works in paid employment names the employer.
            **(
                {"employer_name": "Esimerkkityö Oy", "employer_business_id": "1234567-1"}
                if registry().line(service).employer
                else {}
            ),
        )
        if number % 5 != 4:
            precontact = received + dt.timedelta(days=rng.randrange(2, 16))
            if precontact <= now:
                cases.event_add(actor=actor, decision=decision, type="precontact", date=precontact)
        if number % 6 == 5:
            return  # not started yet: the start deadline is open or overdue
        start = received + dt.timedelta(days=rng.randrange(10, 30))
        if start > now:
            return
        # Realised days up to today, planned ones to the end of this week: nothing realised in
        # the future.
        friday = now + dt.timedelta(days=max(0, 4 - now.weekday()))
        if service == "taito":
            self.taito_weeks(actor, decision, start, friday)
            return
        if any("meeting" in limit.counts for _rule, limit in default_evaluator().limits[service]):
            # A line that counts meetings with the coach (job coaching): one every other week.
            meeting = start
            while meeting <= now:
                cases.event_add(actor=actor, decision=decision, type="meeting", date=meeting)
                meeting += dt.timedelta(days=14)
        days = [
            day
            for day in working_days(start, min(60, (now - start).days * 5 // 7 + 10))
            if day <= friday
        ]
        if not days:
            return
        monday = start - dt.timedelta(days=start.weekday())
        while monday <= days[-1]:
            entries = []
            for day in days:
                if monday <= day < monday + dt.timedelta(days=7):
                    roll = rng.random()
                    if roll < 0.04:
                        entries.append(
                            {
                                "kind": "absence",
                                "date": day,
                                "reason": rng.choice(["sick", "other", ""]),
                                "reported_to_kela": rng.random() < 0.6,
                            }
                        )
                    elif roll < 0.09:
                        entries.append(
                            {
                                "kind": "day",
                                "date": day,
                                "hours": 4,
                                "programme_hours": 4,
                                "travel_hours": 1,
                                "mode": "workplace",
                                "flex": True,
                                "flex_reason": rng.choice(["Osa-aikatyö", ""]),
                            }
                        )
                    else:
                        entries.append(
                            {
                                "kind": "day",
                                "date": day,
                                "hours": 6,
                                "programme_hours": rng.choice([5, 5, 5.5, 4.5]),
                                "travel_hours": 1,
                                "mode": rng.choice(["onsite", "workplace", "remote"]),
                            }
                        )
            cases.week_save(actor=actor, decision=decision, monday=monday, entries=entries)
            monday += dt.timedelta(days=7)
