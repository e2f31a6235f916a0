"""The hub topic whose published resources the Hiring page lists (one of hub.topics)."""

HIRING_TOPIC = "hiring data talent"
