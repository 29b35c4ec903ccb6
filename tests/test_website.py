"""The website form of a demo (helpers.website) as plain functions: bundle, HTML, frame file,
script and stylesheet agree on one format and one set of class names."""

import base64
import json
import re

import numpy as np
import pytest
from PIL import Image

from booksite import demos
from helpers import website


def bundle(**over):
    fields = dict(names=["p", "k"], labels=[["0.1", "0.5", "0.9"], ["1", "2"]],
                  frames=[f"data:image/webp;base64,{chr(65 + i)}AA=" for i in range(6)],
                  alts=[f"frame {i}" for i in range(6)], start=[2, 0], width=620, height=340)
    fields.update(over)
    return website.make_bundle(**fields)


def test_default_index_is_row_major():
    b = bundle()
    assert website.default_index(b) == 2 * 2 + 0
    assert website.default_index(bundle(start=[1, 1])) == 3


@pytest.mark.parametrize("over,match", [
    (dict(frames=["x"] * 5), "need 6 frames"),
    (dict(alts=["x"] * 7), "need 6 frames"),
    (dict(start=[3, 0]), "one index per slider"),
    (dict(names=["p"]), "one list of labels per slider"),
])
def test_bad_bundles_raise(over, match):
    with pytest.raises(ValueError, match=match):
        bundle(**over)


def test_html_shows_the_default_frame_and_labels_every_control():
    b = bundle(caption="a <caption>")
    key = demos.frames_key(b)
    page = demos.demo_html(demos.split_frames(b)[0], "demo-7-0", "../_static/demo-frames")
    assert re.search(rf'<img class="{demos.FRAME_CLASS}" src="../_static/demo-frames/{key}/4.webp"'
                     r' loading="lazy" width="620" height="340"', page)
    assert 'alt="frame 4"' in page and "a &lt;caption&gt;" in page
    ids = re.findall(r'<input id="([^"]+)" type="range" min="0" max="(\d)"[^>]*value="(\d)"', page)
    assert ids == [("demo-7-0-0", "2", "2"), ("demo-7-0-1", "1", "0")]
    assert re.findall(r'<label for="([^"]+)">', page) == ["demo-7-0-0", "demo-7-0-1"]
    record = re.search(rf'class="{demos.DATA_CLASS}" data-key="{key}">(.*?)</script>', page)
    assert json.loads(record.group(1)) == {
        "shape": [3, 2], "labels": b["labels"], "ext": "webp",
        "frames": f"../_static/demo-frames/{key}/", "alts": f"../_static/demo-frames/{key}.js"}
    assert "base64" not in page  # frames are files, fetched one at a time


def test_a_choice_is_a_dropdown_with_its_options_named():
    b = bundle(labels=[["0.1", "0.5", "0.9"], ["(3, 1)", "<none>"]], choices=[False, True])
    page = demos.demo_html(demos.split_frames(b)[0], "d", "f")
    assert re.findall(r'<input id="([^"]+)" type="range"', page) == ["d-0"]
    select = re.search(r'<select id="d-1">(.*?)</select>', page).group(1)
    assert re.findall(r'<option value="(\d)"( selected)?>([^<]*)</option>', select) == [
        ("0", " selected", "(3, 1)"), ("1", "", "&lt;none&gt;")]
    assert page.count("<output") == 1 and '<label for="d-1">k</label>' in page
    assert bundle()["choices"] == [False, False]
    with pytest.raises(ValueError, match="must mark each of the 2 parameters"):
        bundle(choices=[True])


def test_frame_files_and_alts_file_hold_the_bundle():
    b = bundle()
    key = demos.frames_key(b)
    files = demos.frame_files(b)
    assert sorted(files) == sorted(f"{key}/{i}.webp" for i in range(6))
    assert files[f"{key}/2.webp"] == base64.b64decode("CAA=")
    page_bundle, split = demos.split_frames(b)
    assert split == files and page_bundle["frames"] == list(files) and page_bundle["key"] == key
    assert "base64" not in json.dumps(page_bundle)  # what the doctree keeps: names, not pixels
    text = demos.alts_script(page_bundle)
    payload = json.loads(text.split(f'window.helpersDemoAlts["{key}"] = ', 1)[1].rstrip(";\n"))
    assert payload == b["alts"]
    assert demos.frames_key(bundle(alts=["other"] * 6)) != key


def test_script_and_stylesheet_use_the_module_class_names():
    for name in (demos.FIGURE_CLASS, demos.FRAME_CLASS, demos.DATA_CLASS):
        assert name in demos.SCRIPT
    for name in (demos.FIGURE_CLASS, demos.FRAME_CLASS, demos.PHOTO_CLASS):
        assert name in demos.CSS
    assert "%(" not in demos.SCRIPT + demos.CSS


def test_encoded_frames_decode_to_the_same_pixels():
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(17, 23, 3), dtype=np.uint8)
    uri = website.encode_frame(Image.fromarray(pixels))
    assert np.array_equal(np.asarray(demos.decode_frame(uri).convert("RGB")), pixels)
    with pytest.raises(ValueError, match="data URI"):
        demos.decode_frame("https://example.org/x.png")


def test_the_html_preview_of_a_demo_is_dropped_before_the_doctree_is_stored():
    from docutils import nodes

    def output(*types):
        bundle = nodes.container(nb_element="mime_bundle")
        for mime in types:
            bundle += nodes.container(mime_type=mime)
        return bundle

    tree = nodes.document(None, None)
    tree += output(website.MIME_TYPE, "text/html")
    tree += output("image/png", "text/plain")  # an ordinary figure keeps every form
    demos.drop_previews(None, tree)
    kept = [[form["mime_type"] for form in bundle.children] for bundle in tree.children]
    assert kept == [[website.MIME_TYPE], ["image/png", "text/plain"]]
