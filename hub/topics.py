"""The curated topic tags: the needs assessment's training areas, plus data sharing and metadata.

The needs assessment links its training areas to hub resources by these exact tag names, so
they are shipped by a data migration and marked as topics wherever tags are listed.
"""

TOPIC_TAGS = [
    "data storytelling",
    "data visualization",
    "data governance",
    "data privacy",
    "data management",
    "artificial intelligence",
    "demographic data collection",
    "accessibility",
    "performance management",
    "evaluation",
    "gis",
    "statistical techniques",
    "equity in data use",
    "r",
    "python",
    "sql",
    "ethics",
    "data sharing",
    "metadata",
    # The hiring toolkit lists these resources (hiring.topics).
    "hiring data talent",
]


def is_topic(name: str) -> bool:
    return name.strip().lower() in TOPIC_TAGS
