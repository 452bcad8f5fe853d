"""The dashboard's table as AppTest sees it: the HTML the page draws (``st.html``), read back
into rows as a browser would show them (entities decoded), by the data's column names."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pandas as pd


class _TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.columns: list[str] = []
        self.labels: dict[str, str] = {}
        self.rows: list[list[str]] = []
        self.ids: list[str] = []
        self.caption = ""
        self._cell: list[str] | None = None
        self._column = ""
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "caption":
            self._in_caption = True
        elif tag == "th" and "data-column" in found:
            self._column, self._cell = found["data-column"], []
        elif tag == "tr" and self.columns:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self._cell = []
        elif tag == "a" and self.rows and "place" in (query := parse_qs(urlsplit(
                found.get("href", "")).query)):  # fmt: skip
            self.ids.append(query["place"][0])

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell)
            if self._column:
                self.columns.append(self._column)
                self.labels[self._column] = text
                self._column = ""
            else:
                self.rows[-1].append(text)
            self._cell = None

    def handle_data(self, data):
        if self._in_caption:
            self.caption += data
        elif self._cell is not None:
            self._cell.append(data)


def read_table(at) -> _TableReader:
    """The first ``efus-table`` the page drew."""
    for element in at.get("html"):
        body = element.proto.body
        if 'class="efus-table"' in body:
            reader = _TableReader()
            reader.feed(body)
            return reader
    raise AssertionError("the page shows no table")


def shown_table(at) -> pd.DataFrame:
    """The table's rows (this page of them), columns by data name, and each row's ``id``."""
    reader = read_table(at)
    frame = pd.DataFrame(reader.rows, columns=reader.columns)
    return frame.assign(id=reader.ids) if len(reader.ids) == len(frame) else frame
