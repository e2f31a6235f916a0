import factory

from accounts import roles
from ai_registry.models import UseCase, UseCaseAgency, UseCaseLog
from ai_registry.states import State
from tests import factories

COMPLETE = {
    "data_description": "Claims records.",
    "affected_people": "Claimants.",
    "human_oversight": "A person decides every case.",
    "evaluation_monitoring": "Quarterly accuracy review.",
    "contact_name": "Pat Lead",
}
LOW_ANSWERS = {
    "decision_role": "none",
    "reversibility": "easily",
    "people_affected": "few",
    "personal_data": "none",
    "vulnerable_groups": "no",
    "explainability": "yes",
}
HIGH_ANSWERS = {**LOW_ANSWERS, "decision_role": "decides"}


def ai_reviewer(**kwargs):
    return factories.UserFactory(role=roles.AI_REVIEWERS, **kwargs)


class UseCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UseCase

    title = factory.Sequence(lambda n: f"Use case {n}")
    purpose = "Answer residents' questions faster."
    agency = factory.SubFactory(factories.AgencyFactory)
    created_by = factory.SubFactory(factories.UserFactory, agency=factory.SelfAttribute("..agency"))
    kind = "generative_text"
    state = State.DRAFT


def complete(**kwargs):
    """A draft that may be submitted: intake complete, assessed low risk."""
    return UseCaseFactory(**COMPLETE, impact_answers=LOW_ANSWERS, risk_tier="low", **kwargs)


def join(use_case, agency, role="partnering"):
    return UseCaseAgency.objects.create(use_case=use_case, agency=agency, role=role)


def log(use_case, action="create"):
    return UseCaseLog.objects.create(
        use_case=use_case, action=action, from_state=use_case.state, to_state=use_case.state
    )
