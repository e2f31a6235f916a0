"""The pages the load test requests, found in the database app by app.

Kept apart from the harness so each app's pages can be added where they are obvious.
Models are looked up by name (apps.get_model) so that nothing here imports an app.
"""

from django.apps import apps


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def read_paths():
    paths = [{"method": "GET", "path": "/"}]
    resource = _model("hub.Resource")
    if resource is not None:
        paths += [
            {"method": "GET", "path": "/resources/"},
            {"method": "GET", "path": "/resources/?q=data"},
            {"method": "GET", "path": "/resources/?q=vizualization"},
            {"method": "GET", "path": "/resources/tags/"},
        ]
        first = resource.objects.filter(status="published").order_by("pk").first()
        if first is not None:
            paths.append({"method": "GET", "path": f"/resources/{first.slug}/"})
    survey = _model("assessments.Survey")
    if survey is not None:
        for key in survey.objects.order_by("-pk").values_list("key", flat=True)[:1]:
            paths += [
                {"method": "GET", "path": f"/assessments/{key}/results/"},
                {"method": "GET", "path": f"/assessments/{key}/results.json"},
            ]
    request = _model("sharing.SharingRequest")
    if request is not None:
        paths += [
            {"method": "GET", "path": "/sharing/"},
            {"method": "GET", "path": "/sharing/requests/"},
            {"method": "GET", "path": "/sharing/register/"},
        ]
    return paths


def write_paths():
    return []
