"""Who may see a task run: the person who started it, and superusers."""


def can_see(user, run) -> bool:
    return user.is_authenticated and (user.is_superuser or run.started_by_id == user.pk)


def visible_runs(user, queryset):
    return queryset if user.is_superuser else queryset.filter(started_by=user)
