"""The HTML learning report rendered by headless Chromium: every chart is present and has marks.

Chromium comes from scripts/bootstrap.sh (Debian package `chromium`); the test fails, not
skips, when it is missing.
"""
import shutil
import subprocess
import struct
import zlib
from html.parser import HTMLParser

import numpy as np
import pytest

from arbiter_client import pb

from test_learning import AS_OF, DAY, catalog_models, execution, record

CHARTS = {
    "value-per-dollar": "rect",
    "token-scatter": "circle",
    "value-scatter": "circle",
    "savings": "rect",
    "adjustment-history": "circle",
}


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("Chromium is not installed: run scripts/bootstrap.sh", pytrace=False)


class ChartCounter(HTMLParser):
    """Counts, per `svg.chart`, its data marks (elements with class point, cell or bar) and "no data" labels."""

    def __init__(self):
        super().__init__()
        self.charts = {}
        self.current = None
        self.depth = 0
        self.external = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("src", "href"):
            if key in attrs and attrs[key] and not attrs[key].startswith("#"):
                self.external.append(attrs[key])
        if tag == "svg" and "chart" in (attrs.get("class") or "").split():
            self.current = attrs["data-chart"]
            self.charts[self.current] = {"marks": 0, "tags": {}, "empty": False}
            self.depth = 1
            return
        if self.current is None:
            return
        self.depth += 1
        chart = self.charts[self.current]
        chart["tags"][tag] = chart["tags"].get(tag, 0) + 1
        if set((attrs.get("class") or "").split()) & {"point", "cell", "bar"}:
            chart["marks"] += 1
        if attrs.get("class") == "empty":
            chart["empty"] = True

    def handle_endtag(self, tag):
        if self.current is None:
            return
        self.depth -= 1
        if tag == "svg" and self.depth <= 0:
            self.current = None


def report_data(client):
    """Executions that give every chart something to draw."""
    models = {m["name"]: m for m in catalog_models(client)}
    premium = next(n for n, m in models.items() if m["tier"] == "premium" and m["enabled"])
    cheap = next(n for n, m in models.items() if m["tier"] == "cheap" and m["enabled"])
    rng = np.random.default_rng(7)
    executions = []
    for i in range(400):
        model = [premium, cheap, "other-model"][i % 3]
        complexity = ["simple", "medium", "complex"][(i // 3) % 3]
        predicted = int(rng.integers(1000, 8000))
        value = float(rng.uniform(10, 90))
        executions.append(execution(
            i, priority=["P0", "P1"][i % 2], domain=["web", "ml"][(i // 2) % 2], complexity=complexity, assigned_model=model,
            predicted_input_tokens=predicted, actual_input_tokens=int(predicted * rng.uniform(1.1, 1.6)),
            predicted_value_score=value, value_delivered=max(0.0, value * 1.5 + rng.normal(0, 25)),
            quality_score=8.0,
            actual_cost=float(rng.uniform(3, 6)) if model == premium else float(rng.uniform(0.01, 0.2)),
            timestamp_ms=AS_OF - int(rng.integers(1, 25)) * DAY))
    return record(client, executions)


def test_html_report_renders_every_chart_in_chromium(arbiter, tmp_path):
    client, _ = arbiter
    browser = chromium()
    report_data(client)
    client.run_learning(AS_OF - 10 * DAY)  # two runs: the history has two dates
    client.run_learning(AS_OF)
    html = client.get_report("html").document
    assert html.startswith("<!DOCTYPE html>")
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")

    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    parsed = ChartCounter()
    parsed.feed(dom.stdout)
    assert parsed.external == [], "the page must not load anything"
    assert set(parsed.charts) == set(CHARTS), parsed.charts.keys()
    for name, mark in CHARTS.items():
        chart = parsed.charts[name]
        assert not chart["empty"], f"{name} says no data"
        assert chart["marks"] > 0 and chart["tags"].get(mark, 0) > 0, (name, chart)

    # Rendered pixels: a screenshot of the page is mostly white, but the charts put colour on it.
    shot = tmp_path / "report.png"
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
         "--window-size=1200,2400", f"--screenshot={shot}", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    width, height, pixels = read_png(shot.read_bytes())
    assert (width, height) == (1200, 2400)
    coloured = np.count_nonzero((np.abs(pixels[:, :, 0].astype(int) - pixels[:, :, 2].astype(int)) > 40))
    assert coloured > 2000, f"only {coloured} coloured pixels rendered"


def test_html_report_without_data_says_so(arbiter):
    client, _ = arbiter
    html = client.get_report("html").document
    parsed = ChartCounter()
    parsed.feed(html)
    assert set(parsed.charts) == set(CHARTS)
    assert all(chart["empty"] and chart["marks"] == 0 for chart in parsed.charts.values())


def read_png(data):
    """Width, height and an RGB(A) array of an 8-bit truecolour PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat = 8, b""
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    out = np.zeros((height, stride), dtype=np.uint8)
    previous = np.zeros(stride, dtype=np.int32)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = np.frombuffer(raw, dtype=np.uint8, count=stride, offset=y * (stride + 1) + 1).astype(np.int32)
        if kind == 0:
            row = line
        elif kind == 1:
            row = (np.cumsum(line.reshape(width, channels), axis=0) & 0xFF).reshape(stride)
        elif kind == 2:
            row = (line + previous) & 0xFF
        else:
            row = np.zeros(stride, dtype=np.int32)
            for x in range(stride):
                left = row[x - channels] if x >= channels else 0
                up = previous[x]
                if kind == 3:
                    predictor = (left + up) // 2
                else:
                    upper_left = previous[x - channels] if x >= channels else 0
                    p = left + up - upper_left
                    pa, pb_, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                    predictor = left if pa <= pb_ and pa <= pc else (up if pb_ <= pc else upper_left)
                row[x] = (line[x] + predictor) & 0xFF
        out[y] = row
        previous = row
    return width, height, out.reshape(height, width, channels)
