"""The store of intermediate results under build/.cache/objects."""

from __future__ import annotations

import json
import os
import time

import pytest

from conftest import REPO
from publisher.core import cache
from publisher.core import pandoc
from publisher.render._docx_post import svg_to_png


@pytest.fixture
def store(tmp_path):
    pandoc.version()  # asked once per process (and kept in whichever store is current)
    with cache.using(tmp_path / "objects") as made:
        yield made.folder


def entries(folder):
    return sorted(p for p in folder.glob("*/*") if not p.name.endswith(".part"))


def test_a_parse_is_stored_and_read_back_by_the_next_process(store):
    ast = pandoc.parse_markdown("Some *text*.\n")
    assert ast["blocks"][0]["t"] == "Para"
    [entry] = entries(store)
    assert json.loads(entry.read_bytes()) == ast
    # another process has an empty memory cache: what it gets is the stored entry
    stored = dict(ast, blocks=[{"t": "Para", "c": [{"t": "Str", "c": "stored"}]}])
    entry.write_text(json.dumps(stored), "utf-8")
    with cache.using(store):
        assert pandoc.parse_markdown("Some *text*.\n") == stored


def test_a_damaged_entry_is_parsed_again(store):
    pandoc.parse_markdown("Some *text*.\n")
    [entry] = entries(store)
    entry.write_bytes(b'{"blocks": [')
    with cache.using(store):  # another process
        assert pandoc.parse_markdown("Some *text*.\n")["blocks"][0]["t"] == "Para"
    assert json.loads(entry.read_bytes())["blocks"][0]["t"] == "Para"


def test_another_text_has_another_entry(store):
    pandoc.parse_markdown("One.\n")
    pandoc.parse_markdown("Two.\n")
    assert len(entries(store)) == 2


def test_without_a_store_nothing_is_kept():
    with cache.using(None):
        assert pandoc.parse_markdown("Nothing stored.\n")["blocks"][0]["t"] == "Para"
        name = cache.key("anything")
        cache.put(name, b"x")
        assert cache.get(name) is None
        assert cache.prune(limit=0) == 0


def test_a_logo_is_rasterized_once(store):
    svg = (REPO / "styles" / "hub-logo.svg").read_bytes()
    png = svg_to_png(svg, height=64)
    assert png.startswith(b"\x89PNG")
    [entry] = entries(store)
    assert entry.read_bytes() == png
    entry.write_bytes(b"\x89PNG stored")
    assert svg_to_png(svg, height=64) == b"\x89PNG stored"
    assert svg_to_png(svg, height=32).startswith(b"\x89PNG\r\n")  # another size, another entry


def test_prune_keeps_the_most_recently_used(store):
    names = [cache.key(str(i)) for i in range(10)]
    for i, name in enumerate(names):
        cache.put(name, b"x")
        os.utime(store / name[:2] / name, (time.time() - 100 + i,) * 2)
    assert cache.get(names[0]) == b"x"  # a read counts as a use
    assert cache.prune(limit=4) == 6
    assert {p.name for p in entries(store)} == {names[0], *names[7:]}
    assert cache.prune(limit=4) == 0


def test_a_store_that_cannot_be_written_costs_speed_not_the_parse(tmp_path):
    blocked = tmp_path / "objects"
    blocked.write_text("a file where the store's folder should be", "utf-8")
    with cache.using(blocked):
        assert pandoc.parse_markdown("Still *parsed*.\n")["blocks"][0]["t"] == "Para"
        assert cache.prune(limit=0) == 0
    assert blocked.read_text("utf-8").startswith("a file")


def test_a_command_keeps_its_store_and_a_block_puts_the_previous_one_back(tmp_path):
    with cache.using(None) as outer:
        made = cache.use(tmp_path / "objects")
        assert cache.current() is made and cache.use(tmp_path / "objects") is made
        assert cache.use(tmp_path / "other") is not made
        with cache.using(tmp_path / "objects") as inner:
            assert cache.current() is inner and inner is not made  # fresh: nothing remembered
        assert cache.current().folder == tmp_path / "other"
    assert cache.current() is not outer
