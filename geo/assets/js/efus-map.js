/* Efus map service: the browser side of geo/webmap.py.
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

  L.Canvas.include({
    _updateEfusShape: function (layer) {
      if (!this._drawing || layer._empty()) { return; }
      var p = layer._point;
      var ctx = this._ctx;
      ctx.beginPath();
      tracePath(ctx, layer.options.shape, p.x, p.y, Math.max(Math.round(layer._radius), 1));
      this._fillStroke(ctx, layer);
    },
  });

  var ShapeMarker = L.CircleMarker.extend({
    _updatePath: function () { this._renderer._updateEfusShape(this); },
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
    el.setAttribute("stroke", o.color);
    el.setAttribute("stroke-width", String(o.weight / (size / 2.6)));
    el.setAttribute("stroke-linejoin", "round");
    svg.appendChild(el);
    return svg;
  }

  function markerOptions(style, radius) {
    var hollow = style.fill === "hollow";
    return {
      shape: style.shape,
      radius: radius,
      color: hollow ? style.colour : "#1b1b1b",
      weight: hollow ? 2.5 : 1,
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

  // Columnar table: row(i) gives {field: value} for popups, built lazily on demand.
  function Table(data) {
    this.n = data.lat.length;
    this.lat = data.lat;
    this.lon = data.lon;
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
    var data;
    try {
      data = await decode(payload);
    } catch (error) {
      showError(map, String(error && error.message ? error.message : error));
      return;
    }
    var table = new Table(data);
    var styles = options.styles;
    var labels = options.labels;
    var renderer = L.canvas({ pane: options.pane, tolerance: 3 });
    var styleOptions = styles.map(function (s) { return markerOptions(s, options.radius); });
    styleOptions.forEach(function (o) { o.renderer = renderer; o.pane = options.pane; });
    var byPosition = new Map();
    var pending = groups.map(function () { return []; });
    for (var i = 0; i < table.n; i++) {
      var styleIndex = table.code(table.styleField, i);
      var style = styles[styleIndex];
      var marker = new ShapeMarker(
        [table.lat[i] / table.scale, table.lon[i] / table.scale], styleOptions[styleIndex]);
      marker.efusIndex = i;
      pending[style.layer].push(marker);
      var key = table.lat[i] + "," + table.lon[i];
      var here = byPosition.get(key);
      if (here) { here.push(marker); } else { byPosition.set(key, [marker]); }
    }
    // One batch per layer: a featureGroup on the map forwards its markers' clicks, so
    // streamlit-folium's click handler (attached to the groups) sees them too.
    groups.forEach(function (group, g) {
      var batch = L.featureGroup(pending[g]);
      group.addLayer(batch);
    });
    var tooltip = L.tooltip({ direction: "top", offset: [0, -options.radius], opacity: 0.95 });

    function visibleHere(marker) {
      var key = table.lat[marker.efusIndex] + "," + table.lon[marker.efusIndex];
      return byPosition.get(key).filter(function (m) { return map.hasLayer(m); })
        .map(function (m) { return m.efusIndex; });
    }

    groups.forEach(function (group) {
      group.on("click", function (e) {
        if (!e.layer || e.layer.efusIndex === undefined) { return; }
        L.popup({ maxWidth: 340, minWidth: 220, autoPanPadding: [24, 24] })
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
  }

  function addLegend(map, entries, options) {
    var legend = L.control({ position: options.position || "bottomright" });
    legend.onAdd = function () {
      var box = el("div", "efus-legend leaflet-control");
      box.setAttribute("role", "list");
      if (options.title) { box.appendChild(el("div", "efus-legend-title", options.title)); }
      entries.forEach(function (entry) {
        var line = el("div", "efus-legend-entry");
        line.setAttribute("role", "listitem");
        line.appendChild(svgIcon(entry, 16));
        line.appendChild(el("span", "efus-legend-label", entry.label));
        line.appendChild(el("span", "efus-legend-count", String(entry.count)));
        box.appendChild(line);
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    legend.addTo(map);
    return legend;
  }

  function addTitle(map, title, subtitle) {
    var box = el("div", "efus-title");
    if (title) { box.appendChild(el("h1", "efus-title-text", title)); }
    if (subtitle) { box.appendChild(el("div", "efus-subtitle", subtitle)); }
    map.getContainer().appendChild(box);
    L.DomEvent.disableClickPropagation(box);
    return box;
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
    shapes: Object.keys(SHAPES),
  };
})();
