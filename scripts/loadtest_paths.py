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
        first = request.objects.order_by("-pk").values_list("pk", flat=True).first()
        if first is not None:
            paths.append({"method": "GET", "path": f"/sharing/requests/{first}/"})
    return paths


def write_paths(survey_key=None):
    """Draft saves of one questionnaire page, as the form's autosave sends them: of the given
    survey, or of the latest open one (the published 2024 baseline takes no answers)."""
    from urllib.parse import urlencode

    survey = _model("assessments.Survey")
    if survey is None:
        return []
    if survey_key is None:
        open_ones = [s for s in survey.objects.order_by("-cycle", "key") if s.is_open()]
        if not open_ones:
            return []
        survey_key = open_ones[0].key
    if not survey.objects.filter(key=survey_key).exists():
        return []
    from assessments.forms import SectionForm

    writes = []
    for section in _model("assessments.Section").objects.filter(survey__key=survey_key):
        questions = list(section.questions.all())
        form = SectionForm(section=section, questions=questions)
        data = {}
        for name, field in form.fields.items():
            choices = [value for value, _label in getattr(field, "choices", []) if value]
            if choices:
                data[name] = choices[0]
        if data:
            path = f"/assessments/{survey_key}/respond/{section.key}/"
            writes.append(
                {"method": "POST", "path": path, "body": urlencode(data), "role": "writer"}
            )
    return writes
