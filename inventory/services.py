"""Writes to the inventory, each in a transaction: entries, review, retirement, the search
vector, and the link from sharing requests to the datasets they ask for."""

from django.db import connection, transaction
from django.utils import timezone

from config import cache_versions
from hub import search
from inventory.models import (
    PROTECTED_CLASSIFICATIONS,
    Dataset,
    DatasetStatus,
    RequestedDataset,
)

VECTOR_SQL = """
    UPDATE inventory_dataset d SET search_vector =
        setweight(to_tsvector('english', d.title), 'A')
        || setweight(to_tsvector('english', coalesce((
            SELECT string_agg(t.name, ' ') FROM inventory_taggeddataset td
            JOIN taggit_tag t ON t.id = td.tag_id WHERE td.content_object_id = d.id), '')), 'B')
        || setweight(to_tsvector('english', d.description || ' ' || d.system), 'C')
    WHERE {where}
"""


def refresh_search(dataset_ids=None) -> None:
    """Recompute the stored vectors of these datasets (or all) in one statement."""
    if dataset_ids is not None:
        dataset_ids = list(dataset_ids)
        if not dataset_ids:
            return
        where, params = "d.id = ANY(%s)", [dataset_ids]
    else:
        where, params = "TRUE", []
    with connection.cursor() as cursor:
        cursor.execute(VECTOR_SQL.format(where=where), params)
    # The typo correction's words: of entries everyone may read only, so that no correction
    # ("Showing results for ...") reveals a word of a confidential or restricted dataset.
    readable = Dataset.objects.exclude(classification__in=PROTECTED_CLASSIFICATIONS)
    if dataset_ids is not None:
        readable = readable.filter(pk__in=dataset_ids)
    search.add_words(
        text for row in readable.values_list("title", "description").iterator() for text in row
    )


def save_dataset(form, user) -> Dataset:
    """Create or edit an entry from its (valid) form: row, keywords, categories, vector."""
    with transaction.atomic():
        dataset = form.save(commit=False)
        if dataset.pk is None:
            dataset.created_by = user
        dataset.updated_by = user
        dataset._change_reason = "created" if dataset.pk is None else "edited"
        dataset.save()
        form.save_m2m()
        refresh_search([dataset.pk])
    return dataset


def retire(dataset, user) -> None:
    with transaction.atomic():
        dataset.status = DatasetStatus.RETIRED
        dataset.updated_by = user
        dataset._change_reason = "retired"
        dataset.save()


def mark_reviewed(dataset, user, today=None) -> None:
    """The annual review: the data officer confirms the entry is current."""
    with transaction.atomic():
        dataset.last_reviewed = today or timezone.localdate()
        dataset.updated_by = user
        dataset._change_reason = "reviewed"
        dataset.save()


def set_requested_datasets(sharing_request, datasets) -> None:
    """The datasets a request asks for; their data categories join the request's, so the
    advisor's categories come from the datasets chosen."""
    datasets = list(datasets)
    with transaction.atomic():
        RequestedDataset.objects.filter(request=sharing_request).exclude(
            dataset__in=datasets
        ).delete()
        have = set(
            RequestedDataset.objects.filter(request=sharing_request).values_list(
                "dataset_id", flat=True
            )
        )
        RequestedDataset.objects.bulk_create(
            [
                RequestedDataset(request=sharing_request, dataset=d)
                for d in datasets
                if d.pk not in have
            ]
        )
        categories = {c for d in datasets for c in d.categories.all()}
        if categories:
            sharing_request.categories.add(*categories)
        cache_versions.changed(cache_versions.SHARING)


def start_request(user, dataset, title: str):
    """A data officer starts a sharing request for a dataset from its page: the draft
    names the dataset, its agency provides, its categories are the request's."""
    from sharing import services as sharing_services

    with transaction.atomic():
        sr = sharing_services.create_request(
            user,
            title=title,
            providing_agency=dataset.agency,
            categories=list(dataset.categories.all()),
        )
        RequestedDataset.objects.create(request=sr, dataset=dataset)
    return sr
