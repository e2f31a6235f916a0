"""Writes to AI use cases, each in a transaction: register, edit, the impact assessment, join.

State changes are ai_registry.workflow's alone.
"""

from django.db import IntegrityError, transaction

from ai_registry import impact, permissions
from ai_registry.models import UseCase, UseCaseAgency, UseCaseLog
from ai_registry.states import Participation, State
from inventory.models import Dataset


class NotAllowed(Exception):
    pass


class AlreadyJoined(Exception):
    pass


def _set_data(use_case, categories, datasets) -> None:
    """The data categories chosen and those of the inventory datasets it uses, so the
    sharing rules of every dataset named are known."""
    datasets = list(datasets)
    use_case.datasets.set(datasets)
    chosen = {c.pk for c in categories}
    chosen |= set(
        Dataset.categories.through.objects.filter(dataset__in=datasets).values_list(
            "datacategory_id", flat=True
        )
    )
    use_case.data_categories.set(chosen)


def register(user, data: dict, categories=(), partners=(), datasets=()) -> UseCase:
    """A new draft use case of the user's agency; `partners` are agencies partnering on it."""
    if not permissions.can_register(user):
        raise NotAllowed("Only data officers and agency leaders register AI use cases.")
    with transaction.atomic():
        use_case = UseCase.objects.create(agency_id=user.agency_id, created_by=user, **data)
        _set_data(use_case, categories, datasets)
        for agency in partners:
            if agency.pk != user.agency_id:
                UseCaseAgency.objects.create(
                    use_case=use_case, agency=agency, role=Participation.PARTNERING, joined_by=user
                )
        UseCaseLog.objects.create(
            use_case=use_case,
            actor=user,
            action="create",
            from_state=State.DRAFT,
            to_state=State.DRAFT,
        )
    return use_case


def update(use_case, user, data: dict, categories=None, datasets=None) -> UseCase:
    with transaction.atomic():
        use_case = UseCase.objects.select_for_update(no_key=True).get(pk=use_case.pk)
        if not permissions.can_edit(user, use_case):
            raise NotAllowed("You may not edit this use case now.")
        for name, value in data.items():
            setattr(use_case, name, value)
        use_case.version += 1
        use_case.save()
        if categories is not None:
            _set_data(use_case, categories, datasets if datasets is not None else [])
    return use_case


def save_assessment(use_case, user, answers: dict, safeguards="", notice_and_appeal="") -> UseCase:
    """Keep the impact assessment's answers with their score and tier (and the safeguards)."""
    result = impact.score(answers)
    with transaction.atomic():
        use_case = UseCase.objects.select_for_update(no_key=True).get(pk=use_case.pk)
        if not permissions.can_edit(user, use_case):
            raise NotAllowed("You may not edit this use case now.")
        use_case.impact_answers = answers
        use_case.impact_score = result.score
        use_case.risk_tier = result.tier if result.complete else ""
        use_case.safeguards = safeguards.strip()
        use_case.notice_and_appeal = notice_and_appeal.strip()
        use_case.version += 1
        use_case.save()
    return use_case


def join(use_case, user, role: str) -> UseCaseAgency:
    """The user's agency joins the use case as interested or partnering (once)."""
    if role not in Participation.values:
        raise NotAllowed("Choose interested or partnering.")
    with transaction.atomic():
        use_case = UseCase.objects.select_for_update(no_key=True).get(pk=use_case.pk)
        if not permissions.can_join(user, use_case):
            if permissions.acts_for_agency(user) and user.agency_id in permissions.agency_ids(
                use_case
            ):
                raise AlreadyJoined("Your agency is already part of this use case.")
            raise NotAllowed("You may not join this use case.")
        try:
            with transaction.atomic():
                return UseCaseAgency.objects.create(
                    use_case=use_case, agency_id=user.agency_id, role=role, joined_by=user
                )
        except IntegrityError:
            raise AlreadyJoined("Your agency is already part of this use case.") from None
