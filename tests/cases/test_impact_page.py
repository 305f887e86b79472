"""The impact page: a manager uploads a changed parameter file; the open decisions that
change are listed with before and after, each client named and the read logged; a file the
loader refuses is refused on its field."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import admit
from vahti.audit.models import AccessRecord
from vahti.core.dates import today
from vahti.rules.loader import PARAMETERS_DIR

START_WEEKS = PARAMETERS_DIR / "teak" / "start_weeks.yaml"


def shorter_start(weeks: int = 2) -> bytes:
    return (
        START_WEEKS.read_text(encoding="utf-8")
        + f'  2022-01-02:\n    value: {weeks}\n    reference: "testi"\n'
    ).encode()


def test_a_manager_sees_what_a_shorter_start_deadline_does(client, manager, coach):
    changed = admit(coach, service="teak.tyokokeilu", received_on=today() - dt.timedelta(days=5))
    client.force_login(manager)
    page = client.post(
        "/rules/impact/",
        {"file": SimpleUploadedFile("teak.start_weeks.yaml", shorter_start())},
        follow=True,
    )
    text = page.content.decode()
    assert "1 avoin päätös muuttuu." in text
    assert changed.last_name in text and "kuntoutuksen aloitus:" in text and "→" in text
    assert AccessRecord.objects.filter(
        client_id=changed.pk, detail="parametrimuutoksen vaikutus"
    ).exists()


def test_a_zip_of_a_parameter_folder_is_read_and_an_unchanged_one_changes_nothing(
    client, manager, coach
):
    admit(coach)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("parameters/teak/start_weeks.yaml", START_WEEKS.read_text())
    client.force_login(manager)
    page = client.post(
        "/rules/impact/", {"file": SimpleUploadedFile("muutos.zip", out.getvalue())}, follow=True
    )
    assert "Yksikään avoin päätös ei muutu." in page.content.decode()


def test_a_file_the_loader_refuses_is_refused_on_its_field(client, manager):
    client.force_login(manager)
    bad = START_WEEKS.read_text() + '  2020-01-01:\n    value: 2\n    reference: "x"\n'
    page = client.post(
        "/rules/impact/", {"file": SimpleUploadedFile("teak.start_weeks.yaml", bad.encode())}
    )
    text = page.content.decode()
    assert "Muuttuneet parametrit:" in text and "teak/start_weeks.yaml" in text
    page = client.post("/rules/impact/", {"file": SimpleUploadedFile("x.txt", b"x")})
    assert ".yaml" in page.content.decode()


def test_coaches_do_not_reach_the_impact_page(client, coach):
    client.force_login(coach)
    assert client.get("/rules/impact/").status_code == 404


def test_after_its_month_the_list_is_gone_and_the_page_says_so(client, manager, coach):
    from django.utils import timezone

    from vahti.jobs.models import Job
    from vahti.jobs.services import jobs_prune

    admit(coach)
    client.force_login(manager)
    page = client.post(
        "/rules/impact/",
        {"file": SimpleUploadedFile("teak.start_weeks.yaml", shorter_start())},
    )
    job = Job.objects.get(kind="impact")
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - dt.timedelta(days=40))
    jobs_prune()
    text = client.get(page["Location"]).content.decode()
    assert "Luettelo on poistettu" in text
