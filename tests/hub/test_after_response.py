"""Work run once the response has gone (a cache's fill), or at once outside a request."""

import logging

from hub.after_response import after_response
from tests.request_cycle import request_cycle


def test_outside_a_request_it_runs_at_once():
    done = []
    after_response(lambda: done.append(1))
    assert done == [1]


def test_in_a_request_it_runs_when_the_response_closes_in_order(caplog):
    done = []
    with caplog.at_level(logging.ERROR, logger="hub.after_response"), request_cycle():
        after_response(lambda: done.append("first"))
        after_response(lambda: 1 / 0)
        after_response(lambda: done.append("third"))
        assert done == []
    # A failure is logged and the rest still runs; nothing is kept for the next request.
    assert done == ["first", "third"]
    assert "Work after the response failed" in caplog.text
    after_response(lambda: done.append("after"))
    assert done == ["first", "third", "after"]
