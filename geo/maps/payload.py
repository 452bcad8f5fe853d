"""The points as the browser receives them: one columnar JSON payload, and the one escaper
through which every value of ours reaches a page (``script_json``).

A payload holds, per field, the distinct values and each point's code into them; coordinates
are integers of 1e-5 degree, sorted by place and delta-encoded, so 50,000 points compress to a
few hundred kilobytes. ``efus-map.js`` reads it; ``decode_points`` reads it back in Python (the
tests check what a page carries with it). No folium here: the dashboard publishes payloads as
files without building a map.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from geo.data.countries import country_name
from geo.data.schema import translation_of

COORD_SCALE = 100_000  # coordinates travel as integers of 1e-5 degree (about 1 m)
COMPRESS_ABOVE = 200_000  # bytes of JSON beyond which the payload is gzipped
# The fields a point carries to its popup, in payload order.
POPUP_FIELDS = (
    "name", "kind", "project", "activity", "start", "end", "city", "country", "precision",
    "description", "source",
)  # fmt: skip

# What could end a <script> element or a JS string early (as folium's ``tojson`` escapes it).
_SCRIPT_ESCAPES = (
    ("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"),
    ("\u2028", "\\u2028"), ("\u2029", "\\u2029"),
)  # fmt: skip
# A "{" that opens a Jinja tag ("{{", "{%", "{#"): folium compiles what our macros render.
_TEMPLATE_OPENER = re.compile(r"\{(?=[{%#])")
TEMPLATE_TAG = re.compile(r"\{[{%#]")


def compact_json(value: object) -> str:
    """``value`` as JSON without spaces; NaN refused (JSON has none)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def script_json(value: object) -> str:
    """``value`` as compact JSON that is inert inside a <script> element AND inside any text
    a template engine compiles. The one way our strings reach a page.

    folium's ``MacroElement.render`` wraps what each macro renders in ``branca.element.Element``,
    which compiles it as a Jinja template: a data string holding ``{{ … }}`` would run on the
    server. ``<``, ``>``, ``&``, ``'`` and U+2028/2029 are escaped as folium's ``tojson`` does;
    then every ``{`` followed by ``{``, ``%`` or ``#`` is written ``\\u007b``. That is enough: in
    compact JSON a structural ``{`` is always followed by ``"`` or ``}``, so such a ``{`` lies
    inside a string, where ``\\u007b`` reads back as the same character; and no other pair of
    characters opens a Jinja tag. One pass of ``str.replace`` per character and one regex keep
    a 200 kB payload in the millisecond range.
    """
    text = compact_json(value)
    for char, escaped in _SCRIPT_ESCAPES:
        text = text.replace(char, escaped)
    return _TEMPLATE_OPENER.sub(r"\\u007b", text)


def text_column(frame: pd.DataFrame, field: str) -> pd.Series:
    """A column as text, blanks as ``""``; a missing column is all blank."""
    if field not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[field].fillna("").astype(str)


def point_order(frame: pd.DataFrame) -> np.ndarray:
    """The positions of ``frame``'s rows in the order ``encode_points`` puts them: by country,
    city, latitude and longitude. Point ``k`` of the payload is row ``point_order(frame)[k]``."""
    return np.lexsort((
        frame["lon"].to_numpy(float), frame["lat"].to_numpy(float),
        text_column(frame, "city").to_numpy(), text_column(frame, "country").to_numpy(),
    ))  # fmt: skip


def popup_fields(frame: pd.DataFrame) -> tuple[str, ...]:
    """``POPUP_FIELDS`` and the translations ``frame`` gives of them (``name_fr``…), which
    the popup shows a reader of that language (``efus-map.js``)."""
    translated = [c for c in frame.columns if translation_of(str(c))
                  and text_column(frame, str(c)).str.strip().any()]  # fmt: skip
    return (*POPUP_FIELDS, *translated)


def encode_points(frame: pd.DataFrame, *, fields: tuple[str, ...] = POPUP_FIELDS) -> dict:
    """Positioned rows as the columnar payload ``efus-map.js`` reads.

    ``values[f]`` lists the distinct values of field ``f``; ``codes[f]`` gives each point's
    index into it (one number when every point has the same value). Countries are display
    names. ``lat``/``lon`` are integers in units of 1e-5 degree, each the difference from the
    previous point: points are sorted by country, city and position first (``point_order``),
    so differences and codes repeat and the payload compresses several times better.
    """
    frame = frame.iloc[point_order(frame)]
    payload: dict = {"scale": COORD_SCALE, "delta": True, "fields": list(fields), "values": [],
                     "codes": [], "style_field": "activity"}  # fmt: skip
    for axis in ("lat", "lon"):
        units = np.rint(frame[axis].to_numpy(float) * COORD_SCALE).astype(np.int64)
        payload[axis] = np.diff(units, prepend=0).tolist()
    for field in fields:
        codes, values = _factorize(frame, field)
        payload["values"].append(values)
        payload["codes"].append(codes.tolist() if len(values) > 1 else 0)
    return payload


def _factorize(frame: pd.DataFrame, field: str) -> tuple[np.ndarray, list[str]]:
    """Each row's code into the distinct values of ``field`` (countries as display names)."""
    codes, uniques = pd.factorize(text_column(frame, field))
    values = [str(v) for v in uniques] or [""]
    if field == "country":
        values = [country_name(v) if v else "" for v in values]
    return codes, values


def pack(payload: dict, compress: bool | None) -> dict:
    """The payload as a page carries it: ``{"json": …}``, or ``{"gzip": base64}`` when
    ``compress`` (None: when its JSON is over ``COMPRESS_ABOVE`` bytes)."""
    text = compact_json(payload)
    if compress is None:
        compress = len(text) > COMPRESS_ABOVE
    if not compress:
        return {"json": payload}
    # Level 5: 2% larger than 6 at 50k points, in half the time.
    packed = gzip.compress(text.encode("utf-8"), compresslevel=5, mtime=0)
    return {"gzip": base64.b64encode(packed).decode("ascii")}


def unpack(packed: Mapping) -> dict:
    """The payload a page carries (``{"json": …}`` or ``{"gzip": …}``) as plain JSON data."""
    if "json" in packed:
        return dict(packed["json"])
    return json.loads(gzip.decompress(base64.b64decode(packed["gzip"])).decode("utf-8"))


def decode_points(payload: Mapping) -> list[dict]:
    """Rows back from a payload: each point's fields plus ``lat``/``lon`` in degrees."""
    rows = []
    scale = payload["scale"]
    lats, lons = payload["lat"], payload["lon"]
    if payload.get("delta"):
        lats, lons = np.cumsum(lats).tolist(), np.cumsum(lons).tolist()
    for i, (lat, lon) in enumerate(zip(lats, lons, strict=True)):
        row = {"lat": lat / scale, "lon": lon / scale}
        for field, values, codes in zip(
            payload["fields"], payload["values"], payload["codes"], strict=True
        ):
            row[field] = values[codes if isinstance(codes, int) else codes[i]]
        rows.append(row)
    return rows
