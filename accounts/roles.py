"""The roles of the product, as Django groups, and what each may do.

Group names are the users' words; code refers to them through these constants so a
rename happens in one place (and in a migration).
"""

AGENCY_LEADERS = "Agency leaders"
DATA_OFFICERS = "Data officers"
SHARING_REVIEWERS = "Sharing reviewers"
HUB_CURATORS = "Hub curators"
# The AI advisory group: reviews agencies' AI use cases (ai_registry); group made by its
# migration 0002.
AI_REVIEWERS = "AI reviewers"

ALL_ROLES = [AGENCY_LEADERS, DATA_OFFICERS, SHARING_REVIEWERS, HUB_CURATORS, AI_REVIEWERS]

# Singular labels for the user menu, and short keys accepted by import_users.
ROLE_LABELS = {
    AGENCY_LEADERS: "Agency leader",
    DATA_OFFICERS: "Data officer",
    SHARING_REVIEWERS: "Sharing reviewer",
    HUB_CURATORS: "Hub curator",
    AI_REVIEWERS: "AI reviewer",
}
ROLE_KEYS = {
    "agency_leader": AGENCY_LEADERS,
    "data_officer": DATA_OFFICERS,
    "sharing_reviewer": SHARING_REVIEWERS,
    "hub_curator": HUB_CURATORS,
    "ai_reviewer": AI_REVIEWERS,
}
# Roles that work in the Django admin and so need is_staff.
STAFF_ROLES = {HUB_CURATORS}


def group_for(value: str) -> str | None:
    """The group name for a role given as group name, singular label or key (any case)."""
    wanted = value.strip().lower()
    for name, label in ROLE_LABELS.items():
        if wanted in {name.lower(), label.lower()}:
            return name
    return ROLE_KEYS.get(wanted.replace(" ", "_").replace("-", "_"))


def grant_permissions(apps, group_name: str, codenames: list[str]) -> None:
    """Give a group permissions ("app_label.codename"); for data migrations.

    Permissions are normally created after migrate, so they are created here first.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        # Found through the model ("view_agency" -> agency), so a grant still finds its
        # permission after the model moved app (hub.Agency is accounts.Agency now).
        model = apps.get_model(app_label, codename.split("_", 1)[1])._meta
        content_type = ContentType.objects.get(app_label=model.app_label, model=model.model_name)
        group.permissions.add(Permission.objects.get(content_type=content_type, codename=codename))


def has_role(user, group_name: str) -> bool:
    """Whether a signed-in user is in the role's group. The group names come with the user
    (accounts.backends), so asking costs no query."""
    if not getattr(user, "is_authenticated", False):
        return False
    return group_name in user.group_names


def is_curator(user) -> bool:
    """Hub curators (and administrators) curate the catalog, see drafts, all results and
    every sharing request."""
    return has_role(user, HUB_CURATORS) or bool(getattr(user, "is_superuser", False))


def is_reviewer(user) -> bool:
    return has_role(user, SHARING_REVIEWERS)


def is_ai_reviewer(user) -> bool:
    return has_role(user, AI_REVIEWERS)


def is_data_officer(user) -> bool:
    """A data officer acts for their agency, so one without an agency acts for none."""
    return has_role(user, DATA_OFFICERS) and user.agency_id is not None


JOB_RUN_PERMISSIONS = ["view_procrastinatejob", "view_procrastinateevent"]


def curators_read_job_runs(sender, using="default", **kwargs) -> None:
    """Curators read the scheduled jobs' runs (config/schedule.py) in the admin: when, how
    long, result, errors. Run after every migrate (accounts.apps); adding is idempotent."""
    from django.contrib.auth.models import Group, Permission

    granted = Permission.objects.using(using).filter(
        content_type__app_label="procrastinate", codename__in=JOB_RUN_PERMISSIONS
    )
    group = Group.objects.using(using).filter(name=HUB_CURATORS).first()
    if group is not None:  # made by the data migrations (none after a test's flush)
        group.permissions.add(*granted)
