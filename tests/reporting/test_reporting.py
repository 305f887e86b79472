"""Reporting to Kela: client counts checked by the rule when reported, the year's figures per
month, line, site and county (and the same in CSV and XLSX), the charts for an empty and a full
year, the clients behind a figure, the reminder in the manager's work queue, and the wall."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import admit
from vahti.audit.models import AccessRecord
from vahti.cases import services as cases
from vahti.core.dates import today
from vahti.reporting import services
from vahti.reporting.models import ClientCountReport
from vahti.reporting.selectors import count_reminders, report_figures

YEAR = today().year


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def new_client(actor, received_on, service="teak.tyokokeilu", county=""):
    client = admit(actor, service=service, received_on=received_on)
    if county:
        cases.client_update(actor=actor, client=client, county=county)
    return client


def test_a_count_lowered_after_the_window_is_refused_on_its_field_and_not_saved(manager):
    services.client_count_report(
        actor=manager,
        service="yksilokuntoutus",
        year=YEAR + 1,
        count=50,
        reported_on=dt.date(YEAR, 10, 15),
    )
    services.client_count_report(
        actor=manager,
        service="yksilokuntoutus",
        year=YEAR + 1,
        count=45,
        reported_on=dt.date(YEAR, 10, 31),
    )  # in the window
    with pytest.raises(ValidationError) as error:
        services.client_count_report(
            actor=manager,
            service="yksilokuntoutus",
            year=YEAR + 1,
            count=44,
            reported_on=dt.date(YEAR, 11, 1),
        )
    assert error.value.message_dict["count"] == [
        f"Vuoden {YEAR + 1} asiakasmäärää ei voi enää laskea (44); 31.10.{YEAR} jälkeen sitova "
        "on 45, ja sitä voi vain nostaa."
    ]
    services.client_count_report(
        actor=manager,
        service="yksilokuntoutus",
        year=YEAR + 1,
        count=46,
        reported_on=dt.date(YEAR, 11, 1),
    )
    assert list(ClientCountReport.objects.values_list("count", flat=True)) == [50, 45, 46]


@pytest.mark.parametrize(
    "service, year, reported_on, field, message",
    [
        (
            "teak.tyokokeilu",
            2027,
            dt.date(2026, 5, 1),
            "service",
            "TEAK – työkokeilu hankitaan kilpailutuksella: sen asiakasmäärää ei ilmoiteta Kelalle.",
        ),
        (
            "taito",
            2026,
            dt.date(2025, 5, 1),
            "service",
            "Taito-kuntoutus hankitaan kilpailutuksella: sen asiakasmäärää ei ilmoiteta Kelalle.",
        ),
        (
            "yksilokuntoutus",
            2020,
            dt.date(2019, 6, 1),
            "year",
            "Asiakasmäärän ilmoittamisen sääntö on voimassa 1.1.2020 alkaen.",
        ),
    ],
    ids=["a procured line", "another procured line", "before the rule's first date"],
)
def test_a_count_the_rule_does_not_ask_for_is_refused_in_words(
    manager, service, year, reported_on, field, message
):
    with pytest.raises(ValidationError) as error:
        services.client_count_report(
            actor=manager, service=service, year=year, count=5, reported_on=reported_on
        )
    assert error.value.message_dict[field] == [message]
    assert not ClientCountReport.objects.exists()


def test_without_reports_the_latest_count_carries_forward(manager):
    services.client_count_report(
        actor=manager,
        service="yksilokuntoutus",
        year=2025,
        count=30,
        reported_on=dt.date(2024, 10, 1),
    )
    # Nothing reported for 2026: in 2026 after its window the count for 2027 cannot go below
    # 30, carried from 2025 through 2026.
    with pytest.raises(ValidationError) as error:
        services.client_count_report(
            actor=manager,
            service="yksilokuntoutus",
            year=2027,
            count=20,
            reported_on=dt.date(2026, 11, 5),
        )
    assert "sitova on 30" in error.value.message_dict["count"][0]


def test_a_count_in_the_future_is_refused(manager):
    with pytest.raises(ValidationError) as error:
        services.client_count_report(
            actor=manager,
            service="taito",
            year=YEAR + 1,
            count=5,
            reported_on=today() + dt.timedelta(days=1),
        )
    assert "reported_on" in error.value.message_dict


def test_the_years_figures_by_month_line_site_and_county(manager):
    site = manager.organisation.sites.create(name="Oulu")
    first = new_client(manager, dt.date(YEAR, 2, 10), county="pohjois_pohjanmaa")
    cases.client_update(actor=manager, client=first, site=site)
    new_client(manager, dt.date(YEAR, 2, 20), county="pohjois_pohjanmaa")
    new_client(manager, dt.date(YEAR, 5, 3), service="yksilokuntoutus", county="helsinki")
    new_client(manager, dt.date(YEAR - 1, 12, 1))  # last year's: active, not new
    services.client_count_report(
        actor=manager,
        service="yksilokuntoutus",
        year=YEAR,
        count=24,
        reported_on=dt.date(YEAR - 1, 10, 1),
    )
    figures = report_figures(manager, year=YEAR, on=dt.date(YEAR, 6, 30))
    lines = {line.service: line for line in figures.lines}
    assert lines["teak.tyokokeilu"].new == [0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert lines["teak.tyokokeilu"].active[:3] == [1, 3, 3]
    assert lines["yksilokuntoutus"].committed == 24
    assert lines["teak.tyokokeilu"].committed is None  # procured: no count
    assert lines["yksilokuntoutus"].new[4] == 1
    assert figures.new_total == 3 and figures.forecast == 6 and figures.gap == 6 - 24
    assert dict((name, sum(v)) for _key, name, v in figures.counties) == {
        "Pohjois-Pohjanmaan hyvinvointialue": 2,
        "Helsingin kaupunki": 1,
    }
    assert dict((name, sum(v)) for _key, name, v in figures.sites)["Oulu"] == 1


def test_the_downloads_hold_the_same_figures(as_manager, manager):
    new_client(manager, dt.date(YEAR, 2, 10), county="kainuu")
    csv_text = as_manager.get(
        reverse("reporting:report_download") + f"?year={YEAR}&table=counties"
    ).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "vuosi;kuukausi;hyvinvointialue;uudet asiakkaat"
    assert f"{YEAR};2;Kainuun hyvinvointialue;1" in csv_text.splitlines()
    book = load_workbook(
        io.BytesIO(
            as_manager.get(
                reverse("reporting:report_download") + f"?year={YEAR}&format=xlsx"
            ).content
        )
    )
    assert book.sheetnames == ["Palvelut", "Asiakasmäärät", "Toimipisteet", "Hyvinvointialueet"]
    rows = list(book["Palvelut"].values)
    assert rows[0] == ("vuosi", "kuukausi", "palvelu", "uudet asiakkaat", "aktiiviset asiakkaat")
    assert (YEAR, 2, "TEAK – työkokeilu", 1, 1) in rows


@pytest.mark.parametrize("populated", [False, True], ids=["an empty year", "a full year"])
def test_the_charts_render_in_finnish(as_manager, manager, populated):
    if populated:
        for month in range(1, 13):
            new_client(manager, dt.date(YEAR - 1, month, 5), county="lappi")
    for name in ("new", "active", "counties"):
        response = as_manager.get(
            reverse("reporting:report_chart", args=[name]) + f"?year={YEAR - 1}"
        )
        svg = response.content.decode()
        assert response["Content-Type"] == "image/svg+xml" and svg.lstrip().startswith("<?xml")
        assert ("Lapin hyvinvointialue" in svg) == (populated and name == "counties")
    assert (
        "asiakkaat"
        in as_manager.get(
            reverse("reporting:report_chart", args=["new"]) + f"?year={YEAR - 1}"
        ).content.decode()
    )


def test_a_figure_links_to_its_clients_and_the_read_is_logged(as_manager, manager):
    client = new_client(manager, dt.date(YEAR, 3, 3))
    page = as_manager.get(reverse("reporting:reports") + f"?year={YEAR}").content.decode()
    link = (
        f"{reverse('reporting:report_clients')}?year={YEAR}&amp;month=3&amp;service=teak.tyokokeilu"
    )
    assert link in page
    listed = as_manager.get(link.replace("&amp;", "&")).content.decode()
    assert client.last_name in listed
    other = new_client(manager, dt.date(YEAR, 3, 9), county="kainuu")
    by_county = as_manager.get(
        reverse("reporting:report_clients") + f"?year={YEAR}&month=3&county=kainuu"
    )
    assert other.last_name in by_county.content.decode()
    assert client.last_name not in by_county.content.decode()
    assert AccessRecord.objects.filter(user=manager, detail=f"raportti {YEAR}/3 new").exists()


def test_coaches_and_other_organisations_see_no_report(client, manager, coach, outsider):
    new_client(manager, dt.date(YEAR, 3, 3))
    client.force_login(coach)
    assert client.get(reverse("reporting:reports")).status_code == 404
    client.force_login(outsider)
    figures = report_figures(outsider, year=YEAR, on=today())
    assert figures.new_total == 0
    assert (
        client.get(reverse("reporting:report_clients") + f"?year={YEAR}")
        .content.decode()
        .count("Asiakas")
        == 0
    )


def test_the_work_queue_reminds_of_next_years_count_until_it_is_reported(manager):
    new_client(manager, dt.date(YEAR, 2, 10))  # TEAK is procured: never reminded
    new_client(manager, dt.date(YEAR, 2, 10), service="yksilokuntoutus")
    assert count_reminders(manager, on=dt.date(YEAR, 8, 30)) == []
    [item] = count_reminders(manager, on=dt.date(YEAR, 9, 1))
    assert item.due == dt.date(YEAR, 10, 31)
    assert item.text == (
        f"Ilmoita palvelun Moniammatillinen yksilökuntoutus asiakasmäärä vuodelle {YEAR + 1}"
    )
    services.client_count_report(
        actor=manager,
        service="yksilokuntoutus",
        year=YEAR + 1,
        count=10,
        reported_on=dt.date(YEAR, 9, 2),
    )
    assert count_reminders(manager, on=dt.date(YEAR, 9, 3)) == []
    assert count_reminders(manager, on=dt.date(YEAR, 11, 1)) == []


def test_the_page_reads_a_fixed_number_of_queries(as_manager, manager):
    new_client(manager, dt.date(YEAR, 2, 10))
    as_manager.get(reverse("reporting:reports"))
    with CaptureQueriesContext(connection) as few:
        as_manager.get(reverse("reporting:reports"))
    for month in range(3, 9):
        new_client(manager, dt.date(YEAR, month, 1), service="yksilokuntoutus", county="kainuu")
    with CaptureQueriesContext(connection) as many:
        as_manager.get(reverse("reporting:reports"))
    assert len(many) == len(few)


def test_tables_name_the_months_counts_are_whole_and_downloads_are_finnish(as_manager, manager):
    services.client_count_report(
        actor=manager,
        service="yksilokuntoutus",
        year=YEAR,
        count=7,
        reported_on=dt.date(YEAR - 1, 10, 15),
    )
    new_client(manager, dt.date(YEAR, 2, 10), service="yksilokuntoutus")
    page = as_manager.get(reverse("reporting:reports") + f"?year={YEAR}").content.decode()
    # Month names as the charts write them, not numbers; the even pace in whole clients.
    assert '<th scope="col">tammi</th>' in page and '<th scope="col">joulu</th>' in page
    pace_row = page.split(">Sitova määrä tasaisella tahdilla</th>")[1].split("</tr>")[0]
    assert "," not in pace_row and "." not in pace_row.replace("</td>", "")
    download = as_manager.get(reverse("reporting:report_download") + f"?year={YEAR}&table=sites")
    assert f'filename="vahti-toimipisteet-{YEAR}.csv"' in download["Content-Disposition"]
    commitments = as_manager.get(
        reverse("reporting:report_download") + f"?year={YEAR}&table=commitments"
    ).content.decode("utf-8-sig")
    assert f";15.10.{YEAR - 1};" in commitments
    book = load_workbook(
        io.BytesIO(
            as_manager.get(
                reverse("reporting:report_download") + f"?year={YEAR}&format=xlsx"
            ).content
        )
    )
    cells = [row for row in book["Asiakasmäärät"].iter_rows(min_row=2) if row[2].value == 7]
    reported = cells[0][3]
    assert reported.is_date and reported.value.date() == dt.date(YEAR - 1, 10, 15)
    assert reported.number_format == "d.m.yyyy"


def test_the_count_form_offers_only_the_lines_that_report_a_count(as_manager):
    form = as_manager.get(reverse("reporting:reports")).context["form"]
    assert [value for value, _label in form.fields["service"].choices] == ["yksilokuntoutus"]
