"""Any text at all is either stored and round-trips through seal/unseal, or refused with a clear error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.errors import StoryError
from sync.paths import Paths
from sync.profile import demo_private_key, open_store
from sync.seal import unseal
from sync.story import MAX_TEXT_CHARS, validate_story

awkward = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.sampled_from(["😀👵🏽🧑‍🦽 lovely", "שלום עולם مرحبا", "nul\x00inside", "\ud800 lone surrogate",
                     "a" * MAX_TEXT_CHARS, "b" * (MAX_TEXT_CHARS + 1), "c" * 100_000, "   \n\t  "]),
)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    paths = Paths.from_env(tmp_path_factory.mktemp("props"))
    store = open_store(paths)
    yield store, demo_private_key(paths)
    store.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=awkward, title=st.one_of(st.just(""), st.text(max_size=40)))
def test_round_trip_or_clear_refusal(shared_store, text, title):
    store, private_key = shared_store
    try:
        story = validate_story({"text": text, "title": title, "author_role": "resident"})
    except StoryError as exc:
        message = str(exc)
        assert message.endswith(".") and len(message) < 200
        assert text.strip() == "" or len(text) > MAX_TEXT_CHARS or "not valid text" in message \
            or "title" in message
        return
    added = store.add_story(story)
    doc = unseal(store.sealed_story(added.uuid), private_key)
    assert doc["story"]["text"] == text
    assert doc["story"]["title"] == story.title
