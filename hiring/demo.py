"""The hiring toolkit's demo content: one clearly marked sample of each kind, so a new
reader sees what the Hiring page shows. Every row is `is_sample` and says in its text that
curators must replace it with the state's official text; nothing here is the state's.

Loaded by `seed_hiring_demo` (make setup), never by a migration nor by `bootstrap`:
production starts without samples.
"""

import csv
import io

from django.db import transaction

from hiring.models import (
    CompetingGuidance,
    InterviewKit,
    InterviewQuestion,
    JobClassification,
    JobPosting,
    PartnerSchool,
    Program,
    Role,
)
from hiring.topics import HIRING_TOPIC

REPLACE = "Sample: curators must replace this with the state's official text."

CLASSIFICATIONS = {
    Role.ANALYST: ("Data Analyst (sample)", "SAMPLE-DA1", "Sample salary group"),
    Role.DATA_ENGINEER: ("Data Engineer (sample)", "SAMPLE-DE1", "Sample salary group"),
    Role.DATA_SCIENTIST: ("Data Scientist (sample)", "SAMPLE-DS1", "Sample salary group"),
}

QUESTIONS = {
    Role.ANALYST: [
        (
            "Tell us about a report you built that changed a decision.",
            "A clear question, "
            "the data behind it, and how the result was explained to non-specialists.",
        ),
        (
            "How do you check a figure before you publish it?",
            "Reconciling totals, documenting steps, asking a colleague to review.",
        ),
    ],
    Role.DATA_ENGINEER: [
        (
            "Walk us through a data pipeline you maintained.",
            "Sources, schedules, monitoring, and what happened when it failed.",
        ),
        (
            "How do you protect confidential records in a pipeline?",
            "Least privilege, encryption, de-identification, logging who reads what.",
        ),
    ],
    Role.DATA_SCIENTIST: [
        (
            "Describe a model you took from idea to use.",
            "The problem, the evaluation, and how people used the result.",
        ),
        (
            "How would you check a model for unfair outcomes?",
            "Comparing error rates across "
            "groups, involving the people affected, documenting limits.",
        ),
    ],
}

RESOURCE_CSV = [
    ["title", "url", "resource_type", "tags", "provider", "description", "status"],
    [
        "Sample: hiring data talent checklist",
        "https://portal.ct.gov/",
        "guidance",
        HIRING_TOPIC,
        "",
        REPLACE,
        "published",
    ],
]


def demo_present() -> bool:
    return JobClassification.objects.filter(is_sample=True).exists()


@transaction.atomic
def load_demo() -> int:
    """Create the samples (once: nothing when any sample classification exists); returns
    how many rows were created."""
    if demo_present():
        return 0
    created = 0
    for position, role in enumerate(Role):
        title, code, salary = CLASSIFICATIONS[role]
        classification = JobClassification.objects.create(
            role=role, title=title, class_code=code, salary_group=salary, is_sample=True,
            position=position,
            typical_duties=f"{REPLACE}\nTypical duties of a {role.label.lower()} go here.",
            minimum_qualifications=f"{REPLACE}\nThe class's minimum qualifications go here.",
        )  # fmt: skip
        JobPosting.objects.create(
            role=role, title=f"{role.label} (sample posting)", classification=classification,
            is_sample=True, summary=f"{REPLACE}\nWhy this job matters to the people we serve.",
            responsibilities="Sample responsibilities.", qualifications="Sample qualifications.",
        )  # fmt: skip
        kit = InterviewKit.objects.create(
            role=role, title=f"{role.label} interview kit (sample)", is_sample=True,
            introduction=REPLACE,
        )  # fmt: skip
        InterviewQuestion.objects.bulk_create(
            InterviewQuestion(kit=kit, position=n, question=q, listen_for=listen)
            for n, (q, listen) in enumerate(QUESTIONS[role])
        )
        created += 3 + len(QUESTIONS[role])
    fellows = Program.objects.create(
        name="Governor's Fellows (sample)", kind=Program.Kind.FELLOWSHIP, is_sample=True,
        description=f"{REPLACE}\nA fellowship placing recent graduates in state agencies.",
    )  # fmt: skip
    interns = Program.objects.create(
        name="State data internships (sample)", kind=Program.Kind.INTERNSHIP, is_sample=True,
        position=1, description=f"{REPLACE}\nSummer internships in agencies' data teams.",
    )  # fmt: skip
    school = PartnerSchool.objects.create(
        name="Sample partner university", is_sample=True, notes=REPLACE
    )
    school.programs.set([fellows, interns])
    guidance = [
        (CompetingGuidance.Theme.FLEXIBLE_WORK, "Offer flexible and remote work"),
        (CompetingGuidance.Theme.TRAINING, "Show the training and growth on offer"),
        (CompetingGuidance.Theme.MISSION, "Lead with the mission"),
    ]
    CompetingGuidance.objects.bulk_create(
        CompetingGuidance(
            theme=theme, title=f"{title} (sample)", body=REPLACE, is_sample=True, position=n
        )
        for n, (theme, title) in enumerate(guidance)
    )
    created += 3 + len(guidance)
    created += _load_resource()
    return created


def _load_resource() -> int:
    """One published hub resource under the hiring topic, through the catalog's importer."""
    from hub.resource_csv import import_resources

    buffer = io.StringIO()
    csv.writer(buffer).writerows(RESOURCE_CSV)
    buffer.seek(0)
    summary = import_resources(buffer)
    return summary.created
