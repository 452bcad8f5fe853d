"""The staff side of publishing, on the page itself (Streamlit's AppTest on tests/data/mini):
save the dashboard's filters under a name, press *Publish*, and the Share tab then offers the
published embed before the live one, saying which is which. The public sees none of it."""

from __future__ import annotations

import json

import pytest

from tests.conftest import open_dashboard
from tests.test_dashboard_app import STAFF_PASSWORD, TIMEOUT, staff_secrets  # noqa: F401

SHARE = "Share and download"


@pytest.fixture
def page(root, monkeypatch, tmp_path, staff_secrets):  # noqa: F811
    monkeypatch.setenv("EFUS_DATA", str(root / "tests" / "data" / "mini"))
    monkeypatch.setenv("EFUS_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("EFUS_PUBLISH_DIR", str(tmp_path / "site"))
    monkeypatch.setenv("EFUS_PUBLIC_BASE_URL", "https://efus.eu/maps-static/")

    def make(*, logged_in: bool, **query: str):
        login = (staff_secrets, STAFF_PASSWORD) if logged_in else None
        at = open_dashboard(root, login=login, timeout=TIMEOUT, **query)
        at.session_state["tab"] = SHARE
        return at.run()

    return make


def test_staff_save_a_view_publish_it_and_get_its_published_embed_first(page, tmp_path):
    at = page(logged_in=True, country="BE")
    assert not at.exception
    assert not (tmp_path / "site").exists()  # opening the page writes nothing there
    at.text_input(key="view_name").input("Belgium, all activities")
    at.button[[b.label for b in at.button].index("Save the view")].click().run()
    assert "Saved as “Belgium, all activities”, revision 1" in at.success[0].value
    at.button(key="publish").click().run()
    assert not at.exception
    assert at.success[-1].value.startswith("4 maps published in ")  # network, 2 projects, 1 saved
    latest = json.loads((tmp_path / "site/maps/view-belgium-all-activities/latest.json")
                        .read_text(encoding="utf-8"))  # fmt: skip

    at = page(logged_in=True, country="BE")
    codes = [c.value for c in at.code]
    first = next(i for i, c in enumerate(codes) if "<iframe" in c)
    assert codes[first].startswith("<figure")  # the published embed, before the live one
    assert (f'src="https://efus.eu/maps-static/maps/view-belgium-all-activities/'
            f'{latest["version"]}/"') in codes[first]  # fmt: skip
    assert "embed=1" in codes[first + 1]
    labels = [m.value for m in at.markdown]
    published = next(i for i, m in enumerate(labels) if m.startswith("**Published embed**"))
    assert labels[published + 1].startswith("**Live embed**")


def test_the_public_share_tab_has_no_publishing_and_says_which_embed_is_live(page):
    at = page(logged_in=False)
    assert not at.exception
    assert "publish" not in [b.key for b in at.button]
    assert not [t for t in at.text_input if t.key == "view_name"]
    # Never published: only the live embed, labelled as such.
    assert not any(m.value.startswith("**Published embed**") for m in at.markdown)
    assert any(m.value.startswith("**Live embed**") for m in at.markdown)
