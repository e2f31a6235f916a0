"""Hiring content for tests: one official row of each kind for a role (not samples)."""

from hiring.models import (
    CompetingGuidance,
    InterviewKit,
    InterviewQuestion,
    JobClassification,
    JobPosting,
    PartnerSchool,
    Program,
)


def role_content(role: str, label: str, questions: int = 2, sample: bool = False) -> dict:
    """A classification, a posting and an interview kit of `questions` questions for a role;
    `label` makes each title unique to it."""
    classification = JobClassification.objects.create(
        role=role,
        title=f"{label} classification",
        class_code=f"CODE-{label}"[:20],
        salary_group=f"MP-{label}"[:40],
        typical_duties=f"Duties of {label}",
        minimum_qualifications=f"Qualifications of {label}",
        is_sample=sample,
    )
    posting = JobPosting.objects.create(
        role=role,
        title=f"{label} posting",
        classification=classification,
        summary=f"Summary of {label}",
        responsibilities="Build things.",
        qualifications="Know things.",
        is_sample=sample,
    )
    kit = InterviewKit.objects.create(role=role, title=f"{label} kit", is_sample=sample)
    for n in range(questions):
        InterviewQuestion.objects.create(
            kit=kit, position=n, question=f"{label} question {n}", listen_for="Clarity."
        )
    return {"classification": classification, "posting": posting, "kit": kit}


def program(name: str, schools: int = 1, sample: bool = False) -> Program:
    program = Program.objects.create(
        name=name,
        kind=Program.Kind.FELLOWSHIP,
        description=f"About {name}",
        is_sample=sample,
    )
    for n in range(schools):
        school = PartnerSchool.objects.create(name=f"{name} school {n}", is_sample=sample)
        school.programs.add(program)
    return program


def guidance(title: str, sample: bool = False) -> CompetingGuidance:
    return CompetingGuidance.objects.create(
        theme=CompetingGuidance.Theme.FLEXIBLE_WORK, title=title, body="Say so.", is_sample=sample
    )
