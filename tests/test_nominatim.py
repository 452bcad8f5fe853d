"""The optional online geocoder, against a local HTTP server that answers as Nominatim does.

No mock of geopy: geopy's real Nominatim client and RateLimiter talk HTTP to 127.0.0.1.
The rate limiter's clock and sleep are injected, so no test waits a second.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.commands.geocode import geocode_file
from geo.config import Settings
from geo.errors import GeoError
from geo.places.geocoder import Geocoder, default_geocoder
from geo.places.nominatim import ConfigError, OnlineGeocoder, OnlineSettings, RateLimiter

SCLESSIN = {
    "place_id": 1, "osm_type": "way", "osm_id": 24087463, "lat": "50.6115", "lon": "5.5435",
    "display_name": "Stade Maurice Dufrasne, Sclessin, Liège, Wallonie, België",
    "class": "leisure", "type": "stadium", "addresstype": "leisure", "importance": 0.41,
    "address": {"city": "Liège", "country": "België / Belgique / Belgien", "country_code": "be"},
}  # fmt: skip


class FakeNominatim(ThreadingHTTPServer):
    """Answers /search like Nominatim's JSON API; records every request; can hang."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.release = threading.Event()
        self.hang = False
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: FakeNominatim

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.server.requests.append(
            {"path": parts.path, "query": query, "agent": self.headers.get("User-Agent")}
        )
        if self.server.hang:
            self.server.release.wait(10)
            return
        body = json.dumps([SCLESSIN] if "sclessin" in query.get("q", "").lower() else [])
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    srv = FakeNominatim()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.release.set()
    srv.shutdown()
    srv.server_close()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def online(url: str, tmp_path, *, clock: FakeClock | None = None, timeout: float = 5.0,
           enabled: bool = True) -> OnlineGeocoder:  # fmt: skip
    clock = clock or FakeClock()
    settings = OnlineSettings(enabled=enabled, url=url, user_agent="efus-map-test (ci)",
                              timeout=timeout, cache_dir=tmp_path)  # fmt: skip
    return OnlineGeocoder(settings=settings, clock=clock, sleep=clock.sleep)


def geocoder_with(service: OnlineGeocoder) -> Geocoder:
    return Geocoder(gazetteer=default_geocoder().gazetteer, online=service)


def test_names_not_found_offline_are_asked_online(server, tmp_path):
    service = online(server.url, tmp_path)
    found = geocoder_with(service).resolve("Stade de Sclessin", "BE")
    assert (found.source, found.status, found.precision) == ("nominatim", "matched", "site")
    assert (found.lat, found.lon) == (50.6115, 5.5435) and found.country_check is True
    (request,) = server.requests
    assert request["path"] == "/search" and request["agent"] == "efus-map-test (ci)"
    assert request["query"]["q"] == "Stade de Sclessin"
    assert request["query"]["countrycodes"] == "be" and request["query"]["format"] == "json"


def test_places_the_gazetteer_knows_never_go_online(server, tmp_path):
    service = online(server.url, tmp_path)
    assert geocoder_with(service).resolve("Liège", "BE").source == "geonames:2792413"
    assert server.requests == []


def test_answers_are_cached_on_disk_and_used_offline(server, tmp_path):
    geocoder_with(online(server.url, tmp_path)).resolve("Stade de Sclessin", "BE")
    geocoder_with(online(server.url, tmp_path)).resolve("Nowhere-sur-Rien", "BE")
    assert len(server.requests) == 2
    later = online("http://127.0.0.1:9", tmp_path, enabled=False)  # switched off, no network
    found = geocoder_with(later).resolve("Stade de Sclessin", "BE")
    assert found.source == "nominatim" and "from the cache" in found.message
    assert geocoder_with(later).resolve("Nowhere-sur-Rien", "BE").status == "not_found"
    again = online(server.url, tmp_path)
    geocoder_with(again).resolve("Nowhere-sur-Rien", "BE")  # "no result" is cached too
    assert len(server.requests) == 2 and again.requests == 0


def test_at_most_one_request_per_second(server, tmp_path):
    clock = FakeClock()
    service = online(server.url, tmp_path, clock=clock)
    for name in ("Sclessin one", "Sclessin two", "Sclessin three"):
        service.geocode(name, "BE")
    assert len(server.requests) == 3
    assert clock.slept == pytest.approx([1.0, 1.0])


def test_time_spent_on_an_answer_counts_toward_the_next_second():
    clock = FakeClock()
    limiter = RateLimiter(min_delay_seconds=1.0, clock=clock, sleep=clock.sleep)
    limiter.wait()
    clock.now += 0.4  # the answer took 0.4 s
    limiter.wait()
    clock.now += 1.5  # a person took their time before the next one
    limiter.wait()
    assert clock.slept == pytest.approx([0.6])


def test_unreachable_falls_back_once_with_one_message(tmp_path, caplog):
    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    service = online(f"http://127.0.0.1:{port}", tmp_path)
    geocoder = geocoder_with(service)
    assert geocoder.resolve("Stade de Sclessin", "BE").status == "not_found"
    assert geocoder.resolve("Another stadium", "BE").status == "not_found"
    assert service.requests == 1 and not service.enabled
    assert "unavailable" in service.message and "offline" in service.message
    assert len([r for r in caplog.records if r.name == "geo.places.nominatim"]) == 1


def test_a_server_that_hangs_times_out(server, tmp_path):
    server.hang = True
    service = online(server.url, tmp_path, timeout=0.3)
    found = geocoder_with(service).resolve("Stade de Sclessin", "BE")
    assert found.status == "not_found" and "unavailable" in service.message


def test_off_by_default_and_switched_on_by_environment():
    assert OnlineSettings.from_settings(Settings.from_env({})).enabled is False
    on = OnlineSettings.from_settings(Settings.from_env({
        "EFUS_GEOCODER_ONLINE": "1", "EFUS_GEOCODER_USER_AGENT": "efus-map (staff laptop)",
        "EFUS_NOMINATIM_URL": "http://127.0.0.1:8080"}))  # fmt: skip
    assert (on.enabled, on.user_agent, on.url) == (True, "efus-map (staff laptop)",
                                                   "http://127.0.0.1:8080")  # fmt: skip


@pytest.mark.parametrize(
    ("settings", "match"),
    [({"user_agent": "geopy/2.5"}, "does not name this deployment.*EFUS_GEOCODER_USER_AGENT"),
     ({"url": "nominatim"}, "not a web address.*EFUS_NOMINATIM_URL"),
     ({"min_delay_seconds": 0.1}, "at most one request a second")],
)  # fmt: skip
def test_bad_configuration_is_refused_with_the_fix(settings, match):
    with pytest.raises(ConfigError, match=match) as caught:
        OnlineSettings(**settings)
    assert isinstance(caught.value, GeoError) and isinstance(caught.value, ValueError)


def test_cli_online_uses_the_configured_server(server, tmp_path):
    settings = Settings.from_env({"EFUS_NOMINATIM_URL": server.url,
                                  "EFUS_CACHE_DIR": str(tmp_path)})  # fmt: skip
    source = tmp_path / "in.csv"
    source.write_text("name,country\nStade de Sclessin,BE\nLiège,BE\n", encoding="utf-8")
    out = tmp_path / "out.csv"

    class Err:
        text = ""

        def write(self, s):
            self.text += s

    err = Err()
    gazetteer = default_geocoder().gazetteer  # the session's, not one built in tmp_path
    assert geocode_file(source, out, settings=settings, online=True, gazetteer=gazetteer,
                        stderr=err) == 0, err.text  # fmt: skip
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("Stade de Sclessin,BE,50.61150,5.54350,matched,site,nominatim")
    assert len(server.requests) == 1
