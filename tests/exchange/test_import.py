"""Importing from spreadsheets: the preview names every problem by row and column in words;
nothing is saved when any row fails (counted in the database); the same file twice makes
nothing twice; hostile files are refused in words. Golden files: golden/*.csv in, *.json out."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from vahti.cases.models import Client, Day, Decision
from vahti.exchange.models import Import
from vahti.jobs.models import Job

GOLDEN = Path(__file__).parent / "golden"


def upload(client, name: str, data: bytes, kind: str = "clients"):
    return client.post("/import/", {"kind": kind, "file": _file(name, data)}, follow=True)


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def latest() -> Import:
    return Import.objects.order_by("-pk").first()


def counts() -> tuple[int, int, int]:
    return Client.objects.count(), Decision.objects.count(), Day.objects.count()


@pytest.fixture
def as_manager(client, manager, coach):
    client.force_login(manager)
    return client


def golden(name: str, preview: dict) -> None:
    """Compared with the golden file; VAHTI_GOLDEN_WRITE=1 writes it (then read it through)."""
    if os.environ.get("VAHTI_GOLDEN_WRITE") == "1":
        text = json.dumps(preview, ensure_ascii=False, indent=1) + "\n"
        (GOLDEN / name).write_text(text, encoding="utf-8")
    expected = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    assert preview == expected


def test_a_good_sheet_is_previewed_then_imported_through_the_services(as_manager, manager):
    page = upload(as_manager, "asiakkaat.csv", (GOLDEN / "good.csv").read_bytes())
    imported = latest()
    assert imported.status == Import.Status.CHECKED
    golden("good.json", imported.preview)
    assert "3 uutta asiakasta päätöksineen" in page.content.decode()
    assert counts() == (0, 0, 0)  # the check saved nothing

    page = as_manager.post(f"/import/{imported.pk}/", follow=True)
    imported.refresh_from_db()
    assert imported.status == Import.Status.IMPORTED
    assert bytes(imported.content) == b""  # the file is not kept once imported
    assert counts() == (3, 3, 0)
    first = Client.objects.get(last_name="Ensimmäinen")
    assert first.county == "pirkanmaa"
    assert [c.username for c in first.coaches.all()] == ["coach"]
    assert first.current_decision.service == "teak.tyokokeilu"
    assert first.current_decision.granted_days == 30
    second = Client.objects.get(last_name="Toinen")
    assert sorted(c.username for c in second.coaches.all()) == ["coach", "manager"]
    # Through the services: history rows name the manager, the status is evaluated.
    assert first.history.first().history_user == manager
    assert first.current_decision.status is not None
    assert "Tuotu" in page.content.decode()


def test_the_same_file_twice_makes_nothing_twice(as_manager):
    data = (GOLDEN / "good.csv").read_bytes()
    upload(as_manager, "a.csv", data)
    as_manager.post(f"/import/{latest().pk}/")
    upload(as_manager, "a.csv", data)
    again = latest()
    assert again.preview["create"] == 0 and again.preview["exists"] == 3
    response = as_manager.post(f"/import/{again.pk}/", follow=True)
    assert "ei ole mitään uutta" in response.content.decode()
    assert counts() == (3, 3, 0)


def test_a_sheet_with_every_kind_of_error_lists_each_and_saves_nothing(as_manager):
    page = upload(as_manager, "virheet.csv", (GOLDEN / "errors.csv").read_bytes())
    imported = latest()
    assert imported.status == Import.Status.REFUSED
    golden("errors.json", imported.preview)
    text = page.content.decode()
    assert "tarkistusmerkki ei täsmää" in text
    assert "Tuo</button>" not in text  # no confirmation offered
    response = as_manager.post(f"/import/{imported.pk}/", follow=True)
    assert "ei ole tarkistettu virheittä" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_an_import_that_meets_a_problem_saves_nothing(as_manager, manager, monkeypatch):
    """Rows pass the check, but one fails when imported (the data changed meanwhile): the
    whole import is rolled back, counted in the database."""
    upload(as_manager, "a.csv", (GOLDEN / "good.csv").read_bytes())
    imported = latest()
    from vahti.cases.services import clients as client_services

    real = client_services.client_create
    calls = []

    def third_fails(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            from django.core.exceptions import ValidationError

            raise ValidationError({"last_name": "muuttui"})
        return real(**kwargs)

    monkeypatch.setattr(client_services, "client_create", third_fails)
    as_manager.post(f"/import/{imported.pk}/")
    imported.refresh_from_db()
    assert imported.status == Import.Status.REFUSED
    assert imported.preview["problems"][0]["row"] == 4
    assert counts() == (0, 0, 0)


def test_xlsx_with_a_formula_is_read_as_data_never_evaluated(as_manager):
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "identity code",
            "first name",
            "last name",
            "service line",
            "decision date",
            "decision received",
        ]
    )
    sheet.append(
        [
            "010190-900P",
            "Testi",
            '=HYPERLINK("http://example.com","x")',
            "TEAK – työkokeilu",
            "2.11.2026",
            "5.11.2026",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    upload(as_manager, "kaava.xlsx", out.getvalue())
    imported = latest()
    assert imported.status == Import.Status.CHECKED, imported.preview
    as_manager.post(f"/import/{imported.pk}/")
    client = Client.objects.get()
    assert client.last_name == '=HYPERLINK("http://example.com","x")'  # the text, as data
    # ...and neutralised wherever Vahti writes it out again
    from vahti.core.tables import csv_bytes, xlsx_bytes

    assert b"'=HYPERLINK" in csv_bytes(["n"], [[client.last_name]])
    cell = load_workbook(io.BytesIO(xlsx_bytes({"s": (["n"], [[client.last_name]])}))).active["A2"]
    assert cell.data_type == "s"


def test_excel_cp1252_csv_and_a_comma_separated_utf8_bom_csv_are_read(as_manager):
    text = (
        "identity code,first name,last name,service line,decision date,decision received\r\n"
        "010190-900P,Åke,Äijälä,TEAK – työkokeilu,2.11.2026,5.11.2026\r\n"
    )
    upload(as_manager, "bom.csv", "\ufeff".encode() + text.encode("utf-8"))
    assert latest().preview["create"] == 1
    upload(as_manager, "excel.csv", text.replace("–", "-").replace(",", ";").encode("cp1252"))
    assert latest().preview["problems"][0]["column"] == "palvelulinja"  # "TEAK - ..." unknown
    upload(as_manager, "excel.csv", text.replace(",", ";").encode("cp1252"))
    assert latest().preview["create"] == 1, latest().preview  # "–" is in cp1252


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("utf16.csv", "henkilötunnus;etunimi\r\n".encode("utf-16"), "UTF-16"),
        ("tyhja.csv", b"   ", "tyhjä"),
        ("vaara.xlsx", b"not a zip at all", "ei ole Excel-työkirja"),
        ("sarakkeeton.csv", b"nimi;osoite\r\nx;y\r\n", "henkilötunnus"),
    ],
)
def test_unreadable_files_are_refused_in_words(as_manager, name, data, message):
    page = upload(as_manager, name, data)
    imported = latest()
    assert imported.status == Import.Status.REFUSED
    assert message in imported.preview["problems"][0]["message"]
    assert message in page.content.decode()


def test_a_file_over_the_size_limit_is_refused_on_its_field(as_manager, settings):
    settings.IMPORT_MAX_BYTES = 1000
    page = upload(as_manager, "iso.csv", b"x" * 1001)
    assert "enintään 0,0 Mt" in page.content.decode() or "enintään" in page.content.decode()
    assert Import.objects.count() == 0


def test_an_xlsx_bomb_is_refused_before_it_is_opened(as_manager):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 50_000_000)  # 50 MB of zeros
    assert len(out.getvalue()) < 100_000
    upload(as_manager, "pommi.xlsx", out.getvalue())
    assert "vaarallisena" in latest().preview["problems"][0]["message"]


def test_more_rows_than_the_limit_are_refused(as_manager, settings):
    header = "henkilötunnus;etunimi;sukunimi;palvelulinja;päätöspäivä;päätös saapunut\r\n"
    rows = "010190-900P;A;B;TEAK – työkokeilu;2.11.2026;5.11.2026\r\n" * 50_000
    upload(as_manager, "iso.csv", (header + rows).encode())
    message = latest().preview["problems"][0]["message"]
    assert "enemmän kuin 10\u00a0000 riviä" in message


def test_days_are_imported_into_the_weeks_of_existing_clients(as_manager, manager):
    upload(as_manager, "a.csv", (GOLDEN / "good.csv").read_bytes())
    as_manager.post(f"/import/{latest().pk}/")
    days = (
        "henkilötunnus;päivä;tunnit\r\n"
        "010190-900P;9.11.2026;6\r\n"
        "010190-900P;10.11.2026;5,5\r\n"
        "010190-900P;32.11.2026;5\r\n"
        "999999-999X;11.11.2026;5\r\n"
    )
    upload(as_manager, "paivat.csv", days.encode(), kind="days")
    imported = latest()
    assert [(p["row"], p["column"]) for p in imported.preview["problems"]] == [
        (4, "päivä"),
        (5, "henkilötunnus"),
    ]
    upload(as_manager, "paivat.csv", "\r\n".join(days.split("\r\n")[:3]).encode(), kind="days")
    imported = latest()
    assert imported.preview["days"] == 2 and imported.status == Import.Status.CHECKED
    as_manager.post(f"/import/{imported.pk}/")
    assert sorted((d.date.day, d.hours) for d in Day.objects.all()) == [(9, 6.0), (10, 5.5)]


def test_templates_download_in_finnish_and_english_with_an_example_row(as_manager):
    response = as_manager.get("/import/template/clients.csv?lang=fi")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("henkilötunnus;etunimi;sukunimi;palvelulinja")
    assert "TEAK – työkokeilu" in text.splitlines()[1]
    response = as_manager.get("/import/template/days.xlsx?lang=en")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == ["identity code", "date", "hours"]
    # The template itself imports cleanly (its example code is in DVV's test range).
    response = as_manager.get("/import/template/clients.xlsx?lang=en")
    upload(as_manager, "template.xlsx", response.content)
    assert latest().status == Import.Status.CHECKED, latest().preview["problems"]


def test_only_managers_import_and_only_their_own_organisations_files(
    client, coach, outsider, as_manager
):
    upload(as_manager, "a.csv", (GOLDEN / "good.csv").read_bytes())
    imported = latest()
    client.force_login(coach)
    assert client.get("/import/").status_code == 404
    assert client.get(f"/import/{imported.pk}/").status_code == 404
    client.force_login(outsider)
    assert client.get(f"/import/{imported.pk}/").status_code == 404
    assert client.post(f"/import/{imported.pk}/").status_code == 404
    assert Job.objects.filter(kind="import").count() == 0


def test_the_file_is_stored_encrypted(as_manager):
    from django.db import connection

    upload(as_manager, "a.csv", (GOLDEN / "good.csv").read_bytes())
    with connection.cursor() as cursor:
        cursor.execute("SELECT content, preview, file_name FROM exchange_import")
        content, preview, name = cursor.fetchone()
    assert b"010190-900P" not in bytes(content)
    assert "a.csv" not in name


def test_a_swedish_template_imports_cleanly_with_its_example_row(as_manager, manager):
    """The Swedish template's headers and its example row (a line and a county by their Swedish
    names, the language of service in Swedish) are read back as they are written."""
    manager.language = "sv"
    manager.save()
    response = as_manager.get("/import/template/clients.csv?lang=sv")
    data = response.content
    header = data.decode("utf-8-sig").splitlines()[0]
    assert "personbeteckning" in header and "språk för service" in header
    upload(as_manager, "mall.csv", data)
    imported = latest()
    assert imported.status == Import.Status.CHECKED, imported.preview
    as_manager.post(f"/import/{imported.pk}/")
    client = Client.objects.get()
    assert client.language == "fi" and client.current_decision.service == "teak.tyokokeilu"
