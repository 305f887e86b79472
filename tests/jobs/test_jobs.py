"""Jobs: started once per key, run with progress and a result or an error in words, recovered
when their worker died; the page and its status for the starter and managers only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import admit, days_recorded
from vahti.cases.models import Certificate
from vahti.jobs import services
from vahti.jobs.models import Job

# Three full days on site: a week a participation certificate can be issued for.
CERTIFIABLE = {"count": 3, "mode": "onsite", "programme_hours": 5, "travel_hours": 1}


def planted(manager, **fields) -> Job:
    """A job row written straight into the table, as a worker would have left it."""
    return Job.objects.create(
        **{
            "organisation": manager.organisation,
            "started_by": manager,
            "kind": "x",
            "title": "x",
            "task_path": "x",
            **fields,
        }
    )


def start(actor, key="", task_path="vahti.cases.tasks.certificates_issue", decisions=()):
    return services.job_start(
        actor=actor,
        kind="certificates",
        key=key,
        title="Todistukset",
        task_path=task_path,
        arguments={"decisions": list(decisions)},
    )


def test_the_same_key_is_one_job_and_a_failed_one_may_start_again(manager):
    first = start(manager, key="k")
    assert start(manager, key="k").pk == first.pk
    Job.objects.filter(pk=first.pk).update(status=Job.Status.FAILED)
    assert start(manager, key="k").pk != first.pk
    assert start(manager).pk != start(manager).pk  # no key: every start is a job


def test_a_job_reports_its_result_and_is_not_run_again(manager):
    job = start(manager)  # the test settings run the task at once
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.percent == 100
    assert job.summary == "0 osallistumistodistusta annettu."
    assert job.attempts == 1
    services.job_run(job.pk, lambda job, progress: pytest.fail("run twice"))
    job.refresh_from_db()
    assert job.attempts == 1


def test_a_refusal_ends_the_job_failed_with_its_words_and_an_error_with_a_general_message(
    manager,
):
    job = planted(manager)

    def refused(job, progress):
        raise ValidationError("Ei käy, koska syy.")

    services.job_run(job.pk, refused)
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, "Ei käy, koska syy.")

    other = planted(manager)

    def broken(job, progress):
        raise KeyError("internal")

    with pytest.raises(KeyError):
        services.job_run(other.pk, broken)
    other.refresh_from_db()
    assert other.status == Job.Status.FAILED
    assert "odottamattomaan virheeseen" in other.error and "internal" not in other.error


def test_a_job_whose_worker_stopped_is_queued_again_then_failed_after_the_last_attempt(
    manager, settings
):
    settings.JOBS_MAX_ATTEMPTS = 2
    job = planted(
        manager,
        task_path="tests.jobs.tasks.slow_first_time",
        status=Job.Status.RUNNING,
        attempts=1,
        heartbeat=timezone.now() - dt.timedelta(minutes=10),
    )
    fresh = planted(
        manager,
        status=Job.Status.RUNNING,
        attempts=1,
        heartbeat=timezone.now(),
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    touched = services.jobs_recover(stale_after=dt.timedelta(minutes=5))
    assert [j.pk for j in touched] == [job.pk]  # the one with a heartbeat is left alone
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.task_id
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, attempts=2, heartbeat=timezone.now() - dt.timedelta(hours=1)
    )
    services.jobs_recover(stale_after=dt.timedelta(minutes=5))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("Työ keskeytyi 2 kertaa")
    fresh.refresh_from_db()
    assert fresh.status == Job.Status.RUNNING


def test_certificates_for_many_clients_are_issued_in_one_job_and_not_twice(client, coach):
    for _ in range(3):
        days_recorded(coach, admit(coach).current_decision, **CERTIFIABLE)
    client.force_login(coach)
    page = client.get("/clients/").content.decode()
    assert "3 asiakkaan osallistumistodistukset ovat antamatta" in page
    response = client.post("/clients/certificates/", follow=True)
    text = response.content.decode()
    assert "3 osallistumistodistusta annettu." in text
    assert Certificate.objects.count() == 3
    # Asked again (a double click, a retried request): nothing is due, nothing issued twice.
    response = client.post("/clients/certificates/", follow=True)
    assert Certificate.objects.count() == 3
    assert "Yhtään osallistumistodistusta ei ole antamatta." in response.content.decode()


def test_a_job_is_seen_by_its_starter_and_the_managers_only(
    client, coach, other_coach, manager, outsider
):
    job = start(coach)
    client.force_login(coach)
    assert client.get(f"/jobs/{job.pk}/").status_code == 200
    status = client.get(f"/jobs/{job.pk}/status/").json()
    assert status["status"] == "done" and status["percent"] == 100 and status["ended"]
    client.force_login(manager)
    assert client.get(f"/jobs/{job.pk}/").status_code == 200
    for user in (other_coach, outsider):
        client.force_login(user)
        assert client.get(f"/jobs/{job.pk}/").status_code == 404
        assert client.get(f"/jobs/{job.pk}/status/").status_code == 404


def test_a_jobs_file_is_emptied_after_its_days_and_the_row_kept(manager, settings):
    from vahti.jobs.services import jobs_prune

    settings.JOBS_RESULT_DAYS = 30

    def finished(days_ago: int, name: str) -> Job:
        return planted(
            manager,
            status=Job.Status.DONE,
            result=b"file",
            result_name=name,
            finished_at=timezone.now() - dt.timedelta(days=days_ago),
        )

    old, recent = finished(31, "a.csv"), finished(29, "b.csv")
    assert jobs_prune() == 1
    old.refresh_from_db(), recent.refresh_from_db()
    assert (bytes(old.result), old.result_name) == (b"", "")
    assert bytes(recent.result) == b"file" and recent.result_name == "b.csv"
