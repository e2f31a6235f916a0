"""The leadership report's narrative (issue 18): curators write it in the admin beside the
respondents' text answers; the report shows it, Markdown sanitised."""

from django.urls import reverse

from assessments.models import ReportNarrative


def test_curators_write_the_narrative_beside_the_text_answers(dataset, survey, curator, client):
    client.force_login(curator)
    add = client.get(reverse("admin:assessments_reportnarrative_add") + f"?survey={survey.pk}")
    assert add.status_code == 200
    assert b"Success story 1" in add.content and b"Success story 2" in add.content
    saved = client.post(
        reverse("admin:assessments_reportnarrative_add"),
        {
            "survey": survey.pk,
            "successes": "**Dashboards** in three agencies",
            "recommendations": "1. Train staff\n<script>alert(1)</script>",
            "discussion": "",
        },
    )
    assert saved.status_code == 302, saved.content[:3000]
    narrative = ReportNarrative.objects.get(survey=survey)
    change = client.get(reverse("admin:assessments_reportnarrative_change", args=[narrative.pk]))
    assert b"Success story 1" in change.content
    report = client.get(reverse("assessments:report", args=[survey.key])).content.decode()
    assert "<strong>Dashboards</strong> in three agencies" in report
    assert "Recommendations" in report and "Train staff" in report
    assert "<script>alert(1)</script>" not in report
    assert 'id="r-discussion"' not in report  # empty parts are left out


def test_a_leader_cannot_reach_the_narrative_admin(survey, leader_client):
    answer = leader_client.get(reverse("admin:assessments_reportnarrative_add"))
    assert answer.status_code in (302, 403)
