/* Efus map service: the browser side of geo/maps (engine.py, elements.py, payload.py).
 *
 * Points arrive as one compact columnar JSON payload (optionally gzip + base64) and are drawn by
 * one canvas renderer as shape markers. Popups, tooltips, the legend and the title are built
 * with textContent from that JSON: no string from the data ever goes through innerHTML.
 * Needs Leaflet 1.9 only.
 */
(function () {
  "use strict";

  // Shapes as vertex lists on a unit circle, so canvas markers and SVG legend icons agree.
  function polygon(n, rotation, inner) {
    var points = [];
    var steps = inner ? 2 * n : n;
    for (var i = 0; i < steps; i++) {
      var radius = inner && i % 2 ? inner : 1;
      var angle = rotation + (i * 2 * Math.PI) / steps;
      points.push([radius * Math.sin(angle), -radius * Math.cos(angle)]);
    }
    return points;
  }
  var c = 0.36;
  var SHAPES = {
    circle: null,
    square: [[-0.85, -0.85], [0.85, -0.85], [0.85, 0.85], [-0.85, 0.85]],
    diamond: polygon(4, 0),
    triangle: polygon(3, 0).map(function (p) { return [p[0] * 1.15, p[1] * 1.15 + 0.15]; }),
    "triangle-down": polygon(3, Math.PI).map(function (p) { return [p[0] * 1.15, p[1] * 1.15 - 0.15]; }),
    pentagon: polygon(5, 0),
    hexagon: polygon(6, Math.PI / 6),
    star: polygon(5, 0, 0.45).map(function (p) { return [p[0] * 1.2, p[1] * 1.2 + 0.1]; }),
    cross: [[-c, -1], [c, -1], [c, -c], [1, -c], [1, c], [c, c], [c, 1], [-c, 1], [-c, c],
            [-1, c], [-1, -c], [-c, -c]],
  };

  function tracePath(ctx, shape, x, y, r) {
    var vertices = SHAPES[shape];
    if (!vertices) {
      ctx.arc(x, y, r, 0, Math.PI * 2, false);
      return;
    }
    ctx.moveTo(x + vertices[0][0] * r, y + vertices[0][1] * r);
    for (var i = 1; i < vertices.length; i++) {
      ctx.lineTo(x + vertices[i][0] * r, y + vertices[i][1] * r);
    }
    ctx.closePath();
  }

  // Leaflet's private canvas API, used here and nowhere else: Leaflet has no public way to
  // draw many points on one canvas with a hit-test of our own, so PointCloud (below) extends
  // L.Canvas and overrides or calls these members of Leaflet 1.9.3 (PyPI XStatic-Leaflet,
  // pinned in requirements.txt). It also reads the renderer's _ctx, _bounds, _container, _map,
  // _postponeUpdatePaths, _mouseHoverThrottled and _hoveredLayer. tests/test_webmap_browser.py
  // checks that the Leaflet a page loads is this version and has these methods.
  var LEAFLET = {
    version: "1.9.3",
    canvas: ["_updatePaths", "_redraw", "_onClick", "_handleMouseHover", "_handleMouseOut",
             "_fireEvent"],
    map: ["_draggableMoved"],
  };

  // One canvas per layer that draws all its points itself: one path per style, a grid for
  // hit-testing. Leaflet's per-marker machinery costs ~10 µs a point; this costs ~0.2 µs.
  var Hit = L.Evented.extend({
    initialize: function (latlng, index, radius, parent) {
      this._latlng = latlng;
      this._radius = radius; // <= 10: Leaflet reports the point's own position on click
      this.efusIndex = index;
      this.options = {};
      this.addEventParent(parent);
    },
    getLatLng: function () { return this._latlng; },
  });

  var PointCloud = L.Canvas.extend({
    options: { padding: 0.2, tolerance: 3 },

    // One canvas for every layer (a click reaches only the topmost canvas): ``groups`` are the
    // layer control's feature groups; a point is drawn while its group is on the map, and its
    // events go to that group.
    initialize: function (table, styles, styleOptions, groups, options) {
      L.Canvas.prototype.initialize.call(this, options);
      this._table = table;
      this._rows = Array.from({ length: table.n }, function (_, i) { return i; });
      this._styles = styles;
      this._styleOptions = styleOptions;
      this._groups = groups;
      this._byStyle = styleOptions.map(function () { return []; });
      for (var k = 0; k < table.n; k++) {
        this._byStyle[table.code(table.styleField, k)].push(k);
      }
      // Upper layers are drawn last, on top.
      this._styleOrder = styles.map(function (_, s) { return s; })
        .sort(function (a, b) { return styles[a].layer - styles[b].layer || a - b; });
    },

    _shown: function (s) {
      return this._map.hasLayer(this._groups[this._styles[s].layer]);
    },

    _project: function () {
      var map = this._map, zoom = map.getZoom();
      if (this._projectedZoom !== zoom || !this._x) {
        var size = 256 * Math.pow(2, zoom), n = this._rows.length, t = this._table;
        var x = this._x = new Float64Array(n), y = this._y = new Float64Array(n);
        for (var k = 0; k < n; k++) {
          var i = this._rows[k];
          var lat = Math.max(Math.min(t.lat[i] / t.scale, 85.0511287798), -85.0511287798);
          var sin = Math.sin((lat * Math.PI) / 180);
          x[k] = size * (t.lon[i] / t.scale / 360 + 0.5);
          y[k] = size * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI));
        }
        this._projectedZoom = zoom;
      }
      this._origin = map.getPixelOrigin();
    },

    _updatePaths: function () {
      if (this._postponeUpdatePaths) { return; }
      this._draw();
    },

    _redraw: function () { this._draw(); },

    _draw: function () {
      var ctx = this._ctx, b = this._bounds;
      if (!ctx || !b || !this._map) { return; }
      this._project();
      var r = Math.max(Math.round(this.options.radius), 1);
      var ox = this._origin.x, oy = this._origin.y;
      var x0 = b.min.x - r, y0 = b.min.y - r, x1 = b.max.x + r, y1 = b.max.y + r;
      var cell = this._cell = 2 * (r + this.options.tolerance);
      var grid = this._grid = new Map();
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, this._container.width, this._container.height);
      ctx.restore();
      for (var n = 0; n < this._styleOrder.length; n++) {
        var s = this._styleOrder[n];
        var list = this._byStyle[s];
        if (!list.length || !this._shown(s)) { continue; }
        var sprite = this._sprite(s, r), half = sprite.cssSize / 2;
        for (var j = 0; j < list.length; j++) {
          var k = list[j];
          var px = this._x[k] - ox, py = this._y[k] - oy;
          if (px < x0 || px > x1 || py < y0 || py > y1) { continue; }
          ctx.drawImage(sprite, Math.round(px - half), Math.round(py - half),
                        sprite.cssSize, sprite.cssSize);
          var key = Math.floor(px / cell) * 1e6 + Math.floor(py / cell);
          var bucket = grid.get(key);
          if (bucket) { bucket.push(k); } else { grid.set(key, [k]); }
        }
      }
    },

    // Each style is drawn once into a small canvas, then stamped: drawImage is ~50x faster
    // than filling and stroking 50,000 paths.
    _sprite: function (s, r) {
      this._sprites = this._sprites || {};
      var key = s + ":" + r;
      if (this._sprites[key]) { return this._sprites[key]; }
      var o = this._styleOptions[s], ratio = window.devicePixelRatio || 1;
      var cssSize = Math.ceil(2 * (r + Math.max(o.weight, o.edgeWeight)) + 2);
      var sprite = document.createElement("canvas");
      sprite.width = sprite.height = Math.ceil(cssSize * ratio);
      sprite.cssSize = cssSize;
      var ctx = sprite.getContext("2d");
      ctx.scale(ratio, ratio);
      ctx.beginPath();
      tracePath(ctx, o.shape, cssSize / 2, cssSize / 2, r);
      ctx.globalAlpha = o.fillOpacity;
      ctx.fillStyle = o.fillColor;
      ctx.fill();
      ctx.globalAlpha = o.opacity;
      ctx.lineJoin = "round";
      if (o.edgeColor) {
        ctx.lineWidth = o.edgeWeight;
        ctx.strokeStyle = o.edgeColor;
        ctx.stroke();
      }
      ctx.lineWidth = o.weight;
      ctx.strokeStyle = o.color;
      ctx.lineJoin = "round";
      ctx.stroke();
      this._sprites[key] = sprite;
      return sprite;
    },

    _pointAt: function (e) {
      if (!this._grid) { return -1; }
      var p = this._map.mouseEventToLayerPoint(e);
      var reach = this.options.radius + this.options.tolerance, best = -1, bestD = reach * reach;
      var cx = Math.floor(p.x / this._cell), cy = Math.floor(p.y / this._cell);
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          var bucket = this._grid.get((cx + dx) * 1e6 + (cy + dy));
          if (!bucket) { continue; }
          for (var j = 0; j < bucket.length; j++) {
            var k = bucket[j];
            var ddx = this._x[k] - this._origin.x - p.x, ddy = this._y[k] - this._origin.y - p.y;
            var d = ddx * ddx + ddy * ddy;
            if (d <= bestD) { bestD = d; best = k; }
          }
        }
      }
      return best;
    },

    _hit: function (k) {
      var i = this._rows[k], t = this._table;
      var latlng = L.latLng(t.lat[i] / t.scale, t.lon[i] / t.scale);
      var group = this._groups[this._styles[t.code(t.styleField, i)].layer];
      return new Hit(latlng, i, this.options.radius, group);
    },

    _onClick: function (e) {
      var k = this._pointAt(e);
      if (k < 0 || (e.type === "click" && this._map._draggableMoved(this._map))) {
        this._fireEvent(false, e);
        return;
      }
      this._fireEvent([this._hit(k)], e);
    },

    _handleMouseHover: function (e) {
      if (this._mouseHoverThrottled) { return; }
      var k = this._pointAt(e);
      if (k !== this._hoveredPoint) {
        this._handleMouseOut(e);
        if (k >= 0) {
          L.DomUtil.addClass(this._container, "leaflet-interactive");
          this._hoveredLayer = this._hit(k);
          this._hoveredPoint = k;
          this._fireEvent([this._hoveredLayer], e, "mouseover");
        }
      }
      this._mouseHoverThrottled = true;
      setTimeout(L.Util.bind(function () { this._mouseHoverThrottled = false; }, this), 32);
    },

    _handleMouseOut: function (e) {
      L.Canvas.prototype._handleMouseOut.call(this, e);
      this._hoveredPoint = -1;
    },
  });

  function svgIcon(style, size) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", size);
    svg.setAttribute("height", size);
    svg.setAttribute("viewBox", "-1.3 -1.3 2.6 2.6");
    svg.setAttribute("aria-hidden", "true");
    var vertices = SHAPES[style.shape];
    var el;
    if (!vertices) {
      el = document.createElementNS(ns, "circle");
      el.setAttribute("r", "1");
    } else {
      el = document.createElementNS(ns, "polygon");
      el.setAttribute("points", vertices.map(function (v) { return v.join(","); }).join(" "));
    }
    var o = markerOptions(style, 0);
    el.setAttribute("fill", o.fillColor);
    el.setAttribute("stroke-linejoin", "round");
    if (o.edgeColor) {
      var edge = el.cloneNode();
      edge.setAttribute("stroke", o.edgeColor);
      edge.setAttribute("stroke-width", String(o.edgeWeight / (size / 2.6)));
      svg.appendChild(edge);
    }
    el.setAttribute("stroke", o.color);
    el.setAttribute("stroke-width", String(o.weight / (size / 2.6)));
    svg.appendChild(el);
    return svg;
  }

  function markerOptions(style, radius) {
    var hollow = style.fill === "hollow";
    return {
      shape: style.shape,
      radius: radius,
      color: hollow ? style.colour : style.edge,
      weight: hollow ? 2.5 : 1,
      // Hollow markers: a dark rim 1.5 px outside (and inside) the coloured ring, so a light
      // colour still stands out ≥ 3:1 from land and sea (styles.py MARKER_EDGE).
      edgeColor: hollow ? style.edge : null,
      edgeWeight: hollow ? 5.5 : 0,
      opacity: 1,
      fillColor: hollow ? "#ffffff" : style.colour,
      fillOpacity: hollow ? 0.9 : 0.92,
    };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function isWebAddress(url) {
    return /^https?:\/\/[^\s]+$/i.test(url || "");
  }

  async function decode(payload) {
    if (payload.gzip === undefined) { return payload.json; }
    if (typeof DecompressionStream === "undefined") {
      throw new Error("this browser cannot unpack the map data (no DecompressionStream); " +
                      "open the map in a current Chrome, Edge, Firefox or Safari");
    }
    var binary = atob(payload.gzip);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }

  function undelta(values) {
    var out = new Array(values.length);
    var sum = 0;
    for (var i = 0; i < values.length; i++) { sum += values[i]; out[i] = sum; }
    return out;
  }

  // Columnar table: row(i) gives {field: value} for popups, built lazily on demand.
  function Table(data) {
    this.n = data.lat.length;
    this.lat = data.delta ? undelta(data.lat) : data.lat;
    this.lon = data.delta ? undelta(data.lon) : data.lon;
    this.scale = data.scale;
    this.fields = data.fields;
    this.values = data.values;
    this.codes = data.codes;
    this.styleField = data.fields.indexOf(data.style_field);
  }
  Table.prototype.code = function (f, i) {
    var codes = this.codes[f];
    return typeof codes === "number" ? codes : codes[i];
  };
  Table.prototype.row = function (i) {
    var out = {};
    for (var f = 0; f < this.fields.length; f++) {
      out[this.fields[f]] = this.values[f][this.code(f, i)];
    }
    return out;
  };

  function dates(row) {
    if (row.start && row.end && row.end !== row.start) { return row.start + " – " + row.end; }
    return row.start || row.end || "";
  }

  function popupContent(table, indices, labels) {
    var box = el("div", "efus-popup");
    var shown = indices.slice(0, 12);
    shown.forEach(function (i) {
      var row = table.row(i);
      var item = el("div", "efus-item");
      item.appendChild(el("div", "efus-name", row.name));
      var what = [labels.kind[row.kind] || row.kind, row.project, row.activity]
        .filter(Boolean).join(" · ");
      if (what) { item.appendChild(el("div", "efus-what", what)); }
      var when = dates(row);
      if (when) { item.appendChild(el("div", "efus-when", when)); }
      var where = [row.city, row.country].filter(Boolean).join(", ");
      if (row.precision && row.precision !== "site") {
        where += (where ? " — " : "") + (labels.precision[row.precision] || row.precision);
      }
      if (where) { item.appendChild(el("div", "efus-where", where)); }
      if (row.description) { item.appendChild(el("div", "efus-description", row.description)); }
      if (isWebAddress(row.source)) {
        var link = el("a", "efus-source", labels.source);
        link.href = row.source;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        item.appendChild(link);
      }
      box.appendChild(item);
    });
    if (indices.length > shown.length) {
      box.appendChild(el("div", "efus-more", labels.more.replace("{n}", indices.length - shown.length)));
    }
    return box;
  }

  function markDrawn(map, count) {
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        var container = map.getContainer();
        container.setAttribute("data-efus-drawn", String(count));
        container.dispatchEvent(new CustomEvent("efus:drawn", { detail: { points: count } }));
      });
    });
  }

  function showError(map, message) {
    var box = el("div", "efus-error", message);
    box.setAttribute("role", "alert");
    map.getContainer().appendChild(box);
    map.getContainer().setAttribute("data-efus-error", message);
  }

  async function addPoints(map, groups, payload, options) {
    var t0 = performance.now();
    var data;
    try {
      data = await decode(payload);
    } catch (error) {
      showError(map, String(error && error.message ? error.message : error));
      return;
    }
    var table = new Table(data);
    var t1 = performance.now();
    var styles = options.styles;
    var labels = options.labels;
    var styleOptions = styles.map(function (st) { return markerOptions(st, options.radius); });
    var byPosition = new Map();
    for (var i = 0; i < table.n; i++) {
      var key = table.lat[i] + "," + table.lon[i];
      var here = byPosition.get(key);
      if (here) { here.push(i); } else { byPosition.set(key, [i]); }
    }
    var t2 = performance.now();
    // Clicks on a point are fired on its layer group, so streamlit-folium's click handler
    // (attached to the groups when the map starts) sees them too.
    var cloud = new PointCloud(table, styles, styleOptions, groups,
                               { pane: options.pane, radius: options.radius });
    cloud.addTo(map);
    groups.forEach(function (group) {
      group.on("add remove", function () { if (map.hasLayer(cloud)) { cloud._draw(); } });
    });
    var t3 = performance.now();
    window.EfusMap.timings = { decode: t1 - t0, index: t2 - t1, add: t3 - t2 };
    var tooltip = L.tooltip({ direction: "top", offset: [0, -options.radius], opacity: 0.95 });

    function visibleHere(hit) {
      var key = table.lat[hit.efusIndex] + "," + table.lon[hit.efusIndex];
      return byPosition.get(key).filter(function (i) {
        return map.hasLayer(groups[styles[table.code(table.styleField, i)].layer]);
      });
    }

    groups.forEach(function (group) {
      group.on("click", function (e) {
        if (!e.layer || e.layer.efusIndex === undefined) { return; }
        L.popup({ maxWidth: 340, minWidth: 220, autoPanPaddingTopLeft: [24, 96],
                  autoPanPaddingBottomRight: [24, 24] })
          .setLatLng(e.layer.getLatLng())
          .setContent(popupContent(table, visibleHere(e.layer), labels))
          .openOn(map);
      });
      group.on("mouseover", function (e) {
        if (!e.layer || e.layer.efusIndex === undefined) { return; }
        var here = visibleHere(e.layer);
        var text = table.row(e.layer.efusIndex).name;
        if (here.length > 1) { text += " " + labels.others.replace("{n}", here.length - 1); }
        tooltip.setLatLng(e.layer.getLatLng()).setContent(el("span", "efus-tooltip", text));
        map.openTooltip(tooltip);
      });
      group.on("mouseout", function () { map.closeTooltip(tooltip); });
    });
    markDrawn(map, table.n);
  }

  async function addBasemap(map, source, options) {
    var data;
    try {
      if (source.url) {
        var response = await fetch(source.url);
        if (!response.ok) { throw new Error("basemap " + source.url + ": HTTP " + response.status); }
        data = await response.json();
      } else {
        data = await decode(source);
      }
    } catch (error) {
      showError(map, "The country outlines could not be loaded: " + String(error.message || error));
      return;
    }
    var layer = L.geoJSON(data, {
      pane: options.pane,
      renderer: L.canvas({ pane: options.pane, padding: 0.5 }),
      interactive: false,
      attribution: options.attribution,
      style: options.style,
    });
    options.group.addLayer(layer);
    // A state the page reaches, not a time: tests and bench/page.py wait for it.
    // Two frames: Leaflet's canvas redraws in the next one, then it is painted.
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        map.getContainer().setAttribute("data-efus-basemap", "drawn");
      });
    });
  }

  // With online tiles offered as base layers: a tile layer that cannot be reached (no
  // internet, venue Wi-Fi down) is swapped back for the offline map, with a notice.
  function keepOffline(map, offline) {
    var notice = null;
    map.on("baselayerchange", function (e) {
      if (notice) { notice.remove(); notice = null; }
      if (!(e.layer instanceof L.TileLayer)) { return; }
      var tiles = e.layer;
      tiles.once("tileerror", function () {
        if (!map.hasLayer(tiles)) { return; }
        map.removeLayer(tiles);
        map.addLayer(offline);
        notice = el("div", "efus-notice", e.name + " cannot be reached without the internet: " +
                    "back to the offline map.");
        notice.setAttribute("role", "status");
        map.getContainer().appendChild(notice);
      });
    });
  }

  function addLegend(map, entries, options) {
    var legend = L.control({ position: options.position || "bottomright" });
    legend.onAdd = function () {
      // Foldable; open from the start where there is room for it (foldLegendIfCramped).
      var box = el("details", "efus-legend leaflet-control");
      box.open = true;
      box.appendChild(el("summary", "efus-legend-title", options.title || "Legend"));
      var list = el("div", "efus-legend-list");
      list.setAttribute("role", "list");
      box.appendChild(list);
      entries.forEach(function (entry) {
        var line = el("div", "efus-legend-entry");
        line.setAttribute("role", "listitem");
        line.appendChild(svgIcon(entry, 16));
        line.appendChild(el("span", "efus-legend-label", entry.label));
        line.appendChild(el("span", "efus-legend-count", entry.count.toLocaleString("en-GB")));
        list.appendChild(line);
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    legend.addTo(map);
    foldLegendIfCramped(map, legend.getContainer());
    return legend;
  }

  // An open legend may take up to a third of the map's width and half its height; on a
  // smaller map (a phone, a narrow column) it starts folded so it hides no points.
  function foldLegendIfCramped(map, box) {
    var size = map.getSize();
    box.open = box.offsetWidth <= size.x / 3 && box.offsetHeight <= size.y / 2;
  }

  function addTitle(map, title, subtitle) {
    // Centred on a wide map; beside the zoom buttons on a narrow one (clear of the layer list).
    var box = el("div", map.getSize().x < 960 ? "efus-title efus-title-narrow" : "efus-title");
    if (title) { box.appendChild(el("h1", "efus-title-text", title)); }
    if (subtitle) { box.appendChild(el("div", "efus-subtitle", subtitle)); }
    map.getContainer().appendChild(box);
    L.DomEvent.disableClickPropagation(box);
    return box;
  }

  // The points of a decoded payload whose bit is set in ``mask`` (numpy.packbits over the
  // points, as a binary string), as a payload ``addPoints`` takes ({json: ...}).
  function selectPoints(data, mask) {
    var lat = data.delta ? undelta(data.lat) : data.lat;
    var lon = data.delta ? undelta(data.lon) : data.lon;
    var keep = [];
    for (var i = 0; i < lat.length; i++) {
      if (mask.charCodeAt(i >> 3) & (128 >> (i & 7))) { keep.push(i); }
    }
    var pick = function (column) {
      return typeof column === "number" ? column : keep.map(function (k) { return column[k]; });
    };
    return {
      scale: data.scale, delta: false, fields: data.fields, values: data.values,
      style_field: data.style_field, codes: data.codes.map(pick), lat: pick(lat), lon: pick(lon),
    };
  }

  // Remove the point layers none of whose groups is on the map any more: they draw nothing,
  // but the topmost one would still catch the clicks meant for the points drawn after it.
  function removeDetachedPoints(map) {
    var detached = [];
    map.eachLayer(function (layer) {
      if (layer instanceof PointCloud && !layer._groups.some(function (g) {
        return map.hasLayer(g); })) { detached.push(layer); }
    });
    detached.forEach(function (layer) { map.removeLayer(layer); });
    return detached.length;
  }

  // The dashboard's live map: the points of one selection over a payload published once.
  // ``selection``: {url, mask (base64 of numpy.packbits over the payload's points), options
  // (as addPoints takes them), entries (the legend)}. The payload is fetched once per page
  // and kept; a new selection removes the previous one's points and legend. Both live on
  // ``window``, not in this closure, so they outlive a reload of this script by the host.
  function fetchView(url) {
    var views = window.efusViews = window.efusViews || {};
    if (!views[url]) {
      views[url] = fetch(url).then(function (response) {
        if (!response.ok) { throw new Error("map data " + url + ": HTTP " + response.status); }
        return response.json();
      });
    }
    return views[url];
  }

  function showSelection(map, group, selection) {
    var mask = atob(selection.mask);
    createPane(map, selection.options.pane, 450);
    removeDetachedPoints(map); // the previous selection's (its group left the map)
    fetchView(selection.url).then(function (full) {
      return addPoints(map, [group], { json: selectPoints(full, mask) }, selection.options);
    }).catch(function (error) {
      var box = el("div", "efus-error", "The points could not be loaded: " +
                   (error.message || error));
      box.setAttribute("role", "alert");
      map.getContainer().appendChild(box);
    });
    if (window.efusSelectionLegend) { window.efusSelectionLegend.remove(); }
    window.efusSelectionLegend = selection.entries.length
      ? addLegend(map, selection.entries, { title: "Activity" }) : null;
  }

  function createPane(map, name, zIndex) {
    var pane = map.getPane(name) || map.createPane(name);
    pane.style.zIndex = String(zIndex);
    return pane;
  }

  window.EfusMap = {
    addPoints: addPoints,
    addBasemap: addBasemap,
    addLegend: addLegend,
    addTitle: addTitle,
    createPane: createPane,
    selectPoints: selectPoints,
    keepOffline: keepOffline,
    removeDetachedPoints: removeDetachedPoints,
    showSelection: showSelection,
    shapes: Object.keys(SHAPES),
    leaflet: LEAFLET,
  };
})();
