"""The resource catalog: resources, their tags, the search word list and term counts, watches.

Invariants live in the database (at least one of url/file, one resource per url, a watch is
either a tag or a saved search); `hub.search` keeps `search_vector` and the word list current;
database triggers keep the facet counts per search term.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItemBase

from hub import permissions
from hub.protected_files import unguessable_name

# Paths under /resources/ that a resource's slug must not take.
RESERVED_SLUGS = ["curation", "new", "tags", "watching"]


class ResourceType(models.TextChoices):
    TOOL = "tool", "Tool"
    SOFTWARE = "software", "Software"
    TRAINING = "training", "Training"
    GUIDANCE = "guidance", "Guidance"
    TEMPLATE = "template", "Template"
    POLICY = "policy", "Policy"
    VIDEO = "video", "Video"
    DATASET = "dataset", "Dataset"
    CONTACT = "contact", "Contact or community"


class Audience(models.TextChoices):
    ALL_STAFF = "all_staff", "All staff"
    ANALYSTS = "analysts", "Analysts"
    LEADERSHIP = "leadership", "Leadership"
    DATA_OFFICERS = "data_officers", "Data officers"


class Cost(models.TextChoices):
    FREE = "free", "Free"
    LICENSED = "licensed", "Licensed"
    STATE_CONTRACT = "state_contract", "State contract"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class TaggedResource(TaggedItemBase):
    """A direct (non-generic) tag link, so facets and related resources are plain joins."""

    content_object = models.ForeignKey(
        "hub.Resource", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_resource_once")
        ]
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_resource_by_tag")]


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Curators see every resource (drafts are their preview); others only published."""
        if permissions.is_curator(user):
            return self
        return self.published()


def resource_file_path(instance, filename):
    """Unguessable, as drafts' files are for curators only (served by `resource_file`)."""
    return unguessable_name("resources", filename)


class Resource(models.Model):
    """One data resource: a tool, training, guidance, dataset or people to ask."""

    title = models.CharField(max_length=300, help_text="As people will search for it.")
    slug = models.SlugField(
        max_length=320, unique=True, help_text="The end of the resource's web address."
    )
    url = models.URLField(
        "external URL",
        max_length=1000,
        blank=True,
        help_text="Where the resource lives. A resource needs a URL or a file.",
    )
    file = models.FileField(
        upload_to=resource_file_path,
        blank=True,
        help_text="PDF, Word, Excel, PowerPoint, CSV, text, PNG or JPEG, up to 20 MB.",
    )
    description = models.TextField(
        blank=True,
        help_text="What it is and who it helps. Markdown: **bold**, [link](https://...), lists.",
    )
    resource_type = models.CharField(
        "type", max_length=16, choices=ResourceType.choices, help_text="Shown as a filter."
    )
    audience = models.CharField(
        max_length=16,
        choices=Audience.choices,
        default=Audience.ALL_STAFF,
        help_text="Who it is written for.",
    )
    provider = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        help_text="The agency that provides or maintains the resource.",
    )
    cost = models.CharField(max_length=16, choices=Cost.choices, default=Cost.FREE)
    status = models.CharField(
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Only published resources appear on the site; drafts are seen by curators.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_resources",
        help_text="The curator who keeps this resource current.",
    )
    review_by = models.DateField(
        "review by",
        null=True,
        blank=True,
        help_text="After this date the resource is listed as overdue on the curation page.",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    link_status = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    link_error = models.CharField(max_length=200, blank=True, editable=False)
    link_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    # The ids of the resource's tags, kept by hub.search with the vector: tag facets and
    # tag filters then read one row instead of joining the link table.
    tag_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)

    tags = TaggableManager(through=TaggedResource, blank=True)
    history = HistoricalRecords(
        excluded_fields=[
            "search_vector",
            "tag_ids",
            "link_status",
            "link_error",
            "link_checked_at",
        ]  # fmt: skip
    )

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = "resource"
        verbose_name_plural = "resources"
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""), name="resource_has_url_or_file"
            ),
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="resource_url_unique"
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS), name="resource_slug_not_reserved"
            ),
            models.CheckConstraint(
                condition=Q(resource_type__in=ResourceType.values), name="resource_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="resource_audience_valid"
            ),
            models.CheckConstraint(condition=Q(cost__in=Cost.values), name="resource_cost_valid"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="resource_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="resource_published_has_date",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="resource_search_gin"),
            GinIndex(fields=["tag_ids"], name="resource_tag_ids_gin"),
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status=Status.PUBLISHED),
                name="resource_newest_published",
            ),
            models.Index(
                fields=["title", "id"],
                condition=Q(status=Status.PUBLISHED),
                name="resource_title_published",
            ),
            models.Index(fields=["status", "resource_type"], name="resource_status_type"),
            # The curators' home counts and lists (hub.selectors.broken_links, past_review):
            # a few rows of 100,000, read from these small indexes instead of a scan.
            models.Index(
                fields=["link_checked_at", "title"],
                condition=Q(status=Status.PUBLISHED)
                & (Q(link_status__gte=400) | ~Q(link_error="")),
                name="resource_broken_link",
            ),
            models.Index(
                fields=["review_by", "title"],
                condition=~Q(status=Status.ARCHIVED),
                name="resource_review_by",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("hub:resource_detail", args=[self.slug])

    @property
    def link(self) -> str:
        return self.url or (reverse("hub:resource_file", args=[self.slug]) if self.file else "")

    @property
    def link_broken(self) -> bool:
        return bool(self.link_error) or (self.link_status or 0) >= 400


class SearchWord(models.Model):
    """Every word of the catalog, so a misspelt search word can be corrected by trigram."""

    word = models.CharField(max_length=40, primary_key=True)

    class Meta:
        indexes = [GinIndex(fields=["word"], name="search_word_trgm", opclasses=["gin_trgm_ops"])]

    def __str__(self):
        return self.word


class SearchTermCount(models.Model):
    """How many published resources hold a search term (a stemmed word of their vector) and
    carry a facet value: a one-word search reads its facets here instead of counting its
    thousands of matches. Kept by triggers on hub_resource (migration 0010), so that no
    write path, the ORM's, a bulk UPDATE's or COPY's, can leave it behind."""

    class Facet(models.TextChoices):
        TYPE = "type", "Type"
        AUDIENCE = "audience", "Audience"
        PROVIDER = "provider", "Provider"
        TAG = "tag", "Tag"

    term = models.TextField()
    facet = models.CharField(max_length=8, choices=Facet.choices)
    # The type or audience code, or the provider agency's or the tag's id, as text.
    value = models.TextField()
    count = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["term", "facet", "value"], name="search_term_count_key"
            ),
            models.CheckConstraint(
                condition=Q(count__gte=0), name="search_term_count_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.term} {self.facet}={self.value}: {self.count}"


class TitleWord(models.Model):
    """A word of a published resource's title (a stemmed lexeme, letters and digits), with
    the resource's rank for a search of that one word. A one-word search by relevance lists
    the resources whose title holds the word first (hub.search, TITLE_FIRST_PAGE_SQL): its
    page is read here down one index, instead of ranking every such resource, 11,600 of
    100,000 for "data" (about 20 ms of heap reads). Written with the search vector, which
    the rank is computed from, by hub.search.refresh_search (and the scale seeder)."""

    # Looked up by resource through the key's index (resource, word): no index of its own.
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    word = models.TextField()
    rank = models.FloatField()  # ts_rank(search_vector, word), as the catalog ranks
    published_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "word"], name="title_word_key"),
        ]
        indexes = [
            models.Index(
                F("word"), F("rank").desc(), F("published_at").desc(), F("resource").desc(),
                name="title_word_by_rank",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.word}: resource {self.resource_id} ({self.rank:.4f})"


class Watch(models.Model):
    """A user follows a tag or a saved search and gets new matches in an email digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_watches"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    query = models.CharField(
        max_length=500, blank=True, help_text="A saved search: the list page's query string."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = "watch"
        verbose_name_plural = "watches"
        constraints = [
            models.CheckConstraint(
                condition=(Q(tag__isnull=False) & Q(query=""))
                | (Q(tag__isnull=True) & ~Q(query="")),
                name="watch_tag_xor_query",
            ),
            models.UniqueConstraint(
                fields=["user", "tag"], condition=Q(tag__isnull=False), name="watch_tag_once"
            ),
            models.UniqueConstraint(
                fields=["user", "query"], condition=~Q(query=""), name="watch_query_once"
            ),
        ]

    def __str__(self):
        return f"tag {self.tag}" if self.tag_id else f"search {self.query}"


class ReviewReminder(models.Model):
    """A reminder sent to a resource's owner that its review-by date is near or past: one per
    resource and review-by date, so the weekly job never sends it twice (a new date, set when
    the owner reviews it, makes a new one due later)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    review_by = models.DateField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "review_by"], name="review_reminder_once_per_date"
            )
        ]

    def __str__(self):
        return f"{self.resource} (review by {self.review_by})"
