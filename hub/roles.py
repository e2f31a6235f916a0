"""The four roles of the product, as Django groups, and what each may do.

Group names are the users' words; code refers to them through these constants so a
rename happens in one place (and in a migration).
"""

AGENCY_LEADERS = "Agency leaders"
DATA_OFFICERS = "Data officers"
SHARING_REVIEWERS = "Sharing reviewers"
HUB_CURATORS = "Hub curators"

ALL_ROLES = [AGENCY_LEADERS, DATA_OFFICERS, SHARING_REVIEWERS, HUB_CURATORS]

# Singular labels for the user menu, and short keys accepted by import_users.
ROLE_LABELS = {
    AGENCY_LEADERS: "Agency leader",
    DATA_OFFICERS: "Data officer",
    SHARING_REVIEWERS: "Sharing reviewer",
    HUB_CURATORS: "Hub curator",
}
ROLE_KEYS = {
    "agency_leader": AGENCY_LEADERS,
    "data_officer": DATA_OFFICERS,
    "sharing_reviewer": SHARING_REVIEWERS,
    "hub_curator": HUB_CURATORS,
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
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
