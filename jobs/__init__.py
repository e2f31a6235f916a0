"""Long work started by a user, run by the task queue's worker, with progress they can watch.

Below hub, assessments and sharing (it depends only on accounts): each of those registers
its kinds of work here (`registry.register`) and starts runs with `services.start`.
"""
