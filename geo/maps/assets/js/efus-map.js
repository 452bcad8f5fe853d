/* Efus map service: the browser side of geo/maps (engine.py, elements.py, payload.py).
 *
 * Points arrive as one compact columnar JSON payload (optionally gzip + base64) and are drawn by
 * one canvas renderer as shape markers. Popups, tooltips, the legend and the title are built
 * with textContent from that JSON: no string from the data ever goes through innerHTML.
 * Needs Leaflet 1.9 and supercluster 9 (npm, pinned in package-lock.json; loaded before this).
 *
 * Overlaps: places (distinct positions) closer than ``options.cluster.radius`` pixels at the
 * current zoom are drawn as one dark badge with their count of rows (supercluster's index over
 * the places whose layer is shown, rebuilt when a layer is switched; a filter change in the
 * dashboard makes a new layer, so counts follow the filters). Rows that share one place are
 * drawn as its marker with a small count, and open as one popup listing them: zooming never
 * separates them. A click on a cluster, or Enter on the focused map with a cluster at its
 * centre, zooms in until the cluster splits.
 *
 * For a keyboard route (another script):
 *   EfusMap.visibleItems(map) -> [{kind: "cluster" | "stack" | "point", count, lat, lng,
 *       x, y, id (cluster), rows and name (stack, point)}], what the canvas shows in the map's
 *       frame in reading order (rows of 40 px, top to bottom, then left to right).
 *   EfusMap.openItem(map, item) -> true if opened: a cluster zooms in (the map fires
 *       "zoomend"); a stack or point opens its popup and fires "click" on its layer group.
 *   A keydown handler on the map container that calls preventDefault() on Enter/Space
 *   turns off this file's own "Enter opens the item at the centre".
 * After each redraw the map container carries data-efus-zoom (the zoom drawn) and
 * data-efus-clusters (how many clusters were drawn).
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

  // A click on a point is fired on a Hit: Leaflet's click machinery wants a layer with a
  // position; ``efusRows`` are the rows drawn at that place (in the layers shown).
  var Hit = L.Evented.extend({
    initialize: function (latlng, index, rows, radius, parent) {
      this._latlng = latlng;
      this._radius = radius; // <= 10: Leaflet reports the point's own position on click
      this.efusIndex = index;
      this.efusRows = rows;
      this.options = {};
      this.addEventParent(parent);
    },
    getLatLng: function () { return this._latlng; },
  });

  // Mercator projection at 256-pixel tiles, as Leaflet's EPSG:3857 (without its objects).
  function project(lat, lon, size) {
    var clamped = Math.max(Math.min(lat, 85.0511287798), -85.0511287798);
    var sin = Math.sin((clamped * Math.PI) / 180);
    return [size * (lon / 360 + 0.5),
            size * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI))];
  }

  // The distinct positions of a table and the rows at each (several rows share a city centre).
  function placesOf(table) {
    var byKey = new Map(), lat = [], lon = [], rows = [];
    for (var i = 0; i < table.n; i++) {
      var key = table.lat[i] * 4e7 + table.lon[i]; // exact: both are integers of 1e-5 degree
      var p = byKey.get(key);
      if (p === undefined) {
        p = rows.length;
        byKey.set(key, p);
        lat.push(table.lat[i] / table.scale);
        lon.push(table.lon[i] / table.scale);
        rows.push([]);
      }
      rows[p].push(i);
    }
    return { lat: lat, lon: lon, rows: rows, of: byKey };
  }

  function countText(n, lang) {
    if (n < 1000) { return n.toLocaleString(lang); }
    return new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 })
      .format(n);
  }

  // One canvas per layer that draws all its points itself: one sprite per style, a grid for
  // hit-testing. Leaflet's per-marker machinery costs ~10 µs a point; this costs ~0.2 µs.
  // Places that overlap at the current zoom are drawn as one counted badge (supercluster's
  // index of the places whose layer is shown); rows that share one place as its marker with
  // a small count.
  var PointCloud = L.Canvas.extend({
    options: { padding: 0.2, tolerance: 3 },

    // One canvas for every layer (a click reaches only the topmost canvas): ``groups`` are the
    // layer control's feature groups; a point is drawn while its group is on the map, and its
    // events go to that group.
    initialize: function (table, styles, styleOptions, groups, options) {
      L.Canvas.prototype.initialize.call(this, options);
      this._table = table;
      this._styles = styles;
      this._styleOptions = styleOptions;
      this._groups = groups;
      this._places = placesOf(table);
      this._clusterStyle = options.cluster;
      this._lang = options.lang || "en";
      // Upper layers are drawn last, on top: a place shows the marker of its topmost row.
      var order = styles.map(function (_, s) { return s; })
        .sort(function (a, b) { return styles[a].layer - styles[b].layer || a - b; });
      this._rank = [];
      for (var n = 0; n < order.length; n++) { this._rank[order[n]] = n; }
      this._items = [];
    },

    _shownLayers: function () {
      var map = this._map;
      return this._groups.map(function (g) { return map.hasLayer(g); });
    },

    // The index is built again only when the layers shown change (a filter change makes a
    // new PointCloud): 50,000 places take ~0.15 s.
    _indexFor: function (shown) {
      var key = shown.join();
      if (this._index && this._indexKey === key) { return this._index; }
      var t = this._table, places = this._places, features = [];
      for (var p = 0; p < places.rows.length; p++) {
        var rows = places.rows[p], n = 0, top = -1;
        for (var j = 0; j < rows.length; j++) {
          var s = t.code(t.styleField, rows[j]);
          if (!shown[this._styles[s].layer]) { continue; }
          n++;
          if (top < 0 || this._rank[s] > this._rank[top]) { top = s; }
        }
        if (n) {
          features.push({ type: "Feature", properties: { p: p, n: n, s: top },
                          geometry: { type: "Point", coordinates: [places.lon[p], places.lat[p]] } });
        }
      }
      var map = this._map, t0 = performance.now();
      var deepest = isFinite(map.getMaxZoom()) ? map.getMaxZoom() : 18;
      this._index = new window.Supercluster({
        radius: this._clusterStyle.radius, extent: 256, minZoom: map.getMinZoom() || 0,
        // Beyond this level places stand alone (options.cluster.maxZoom: the index's cost).
        maxZoom: Math.min(deepest - 1, this._clusterStyle.maxZoom),
        map: function (props) { return { n: props.n }; },
        reduce: function (sum, props) { sum.n += props.n; },
      }).load(features);
      this.indexMs = performance.now() - t0;
      this._indexKey = key;
      return this._index;
    },

    _updatePaths: function () {
      if (this._postponeUpdatePaths) { return; }
      this._draw();
    },

    _redraw: function () { this._draw(); },

    _draw: function () {
      var ctx = this._ctx, b = this._bounds, map = this._map;
      if (!ctx || !b || !map) { return; }
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, this._container.width, this._container.height);
      ctx.restore();
      this._items = this._itemsIn(b);
      this._grid = new Map();
      this._cell = 2 * (this._clusterStyle.radius / 2 + this.options.tolerance);
      for (var k = 0; k < this._items.length; k++) {
        this._drawItem(ctx, this._items[k]);
        this._file(k);
      }
      var container = map.getContainer();
      container.setAttribute("data-efus-zoom", String(map.getZoom()));
      container.setAttribute("data-efus-clusters", String(this._items.filter(function (item) {
        return item.kind === "cluster"; }).length));
    },

    // The clusters and places within the pixel bounds ``b``, as the canvas draws them:
    // markers by layer (upper ones last), then the clusters over them.
    _itemsIn: function (b) {
      var map = this._map, zoom = map.getZoom(), r = this.options.radius;
      var index = this._indexFor(this._shownLayers());
      var min = map.layerPointToLatLng(b.min), max = map.layerPointToLatLng(b.max);
      var west = min.lng, east = max.lng;
      if (east - west >= 360) { west = -180; east = 180; }
      // Clusters are made for whole zoom levels; at 4.5 those of 4 (radius 1.4x): none overlap.
      var features = index.getClusters([west, Math.max(max.lat, -85), east,
                                        Math.min(min.lat, 85)], Math.floor(zoom));
      var size = 256 * Math.pow(2, zoom), origin = map.getPixelOrigin(), items = [];
      for (var f = 0; f < features.length; f++) {
        var props = features[f].properties, ll = features[f].geometry.coordinates;
        var xy = project(ll[1], ll[0], size), count = props.n;
        var item = { lat: ll[1], lng: ll[0], x: xy[0] - origin.x, y: xy[1] - origin.y, count: count };
        if (props.cluster) {
          item.kind = "cluster";
          item.id = props.cluster_id;
          item.text = countText(count, this._lang);
          item.r = 10 + 2 * Math.min(item.text.length - 1, 3);
        } else {
          item.kind = count > 1 ? "stack" : "point";
          item.place = props.p;
          item.style = props.s;
          item.r = count > 1 ? r + 5 : r;
        }
        items.push(item);
      }
      var rank = this._rank;
      return items.sort(function (a, c) {
        return (a.kind === "cluster") - (c.kind === "cluster") ||
          (a.kind === "cluster" ? 0 : rank[a.style] - rank[c.style]);
      });
    },

    _drawItem: function (ctx, item) {
      if (item.kind === "cluster") {
        this._badge(ctx, item.x, item.y, item.r, item.text, 11);
        return;
      }
      var sprite = this._sprite(item.style, Math.max(Math.round(this.options.radius), 1));
      var half = sprite.cssSize / 2;
      ctx.drawImage(sprite, Math.round(item.x - half), Math.round(item.y - half),
                    sprite.cssSize, sprite.cssSize);
      if (item.kind === "stack") {
        var text = countText(item.count, this._lang), r = this.options.radius;
        this._badge(ctx, item.x + r * 0.9, item.y - r * 0.9, 6 + 1.5 * Math.min(text.length, 4),
                    text, 9);
      }
    },

    // A dark disc with a white ring inside its rim and the count in white (styles.py
    // CLUSTER_STYLE: ≥ 3:1 on land and sea, the count ≥ 4.5:1 on the disc).
    _badge: function (ctx, x, y, r, text, fontSize) {
      var o = this._clusterStyle;
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2, false);
      ctx.fillStyle = o.fill;
      ctx.fill();
      if (r > 9) {
        ctx.beginPath();
        ctx.arc(x, y, r - 2.5, 0, Math.PI * 2, false);
        ctx.lineWidth = 1;
        ctx.strokeStyle = o.ring;
        ctx.stroke();
      }
      ctx.fillStyle = o.text;
      ctx.font = "700 " + fontSize + "px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(text, x, y + 0.5);
    },

    _file: function (k) {
      var item = this._items[k];
      var key = Math.floor(item.x / this._cell) * 1e6 + Math.floor(item.y / this._cell);
      var bucket = this._grid.get(key);
      if (bucket) { bucket.push(k); } else { this._grid.set(key, [k]); }
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

    // The item under a layer point: the nearest whose disc (plus the tolerance) holds it;
    // a cluster drawn over a marker wins.
    _itemAtPoint: function (p) {
      if (!this._grid) { return -1; }
      var tolerance = this.options.tolerance, best = -1, bestD = Infinity;
      var cx = Math.floor(p.x / this._cell), cy = Math.floor(p.y / this._cell);
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          var bucket = this._grid.get((cx + dx) * 1e6 + (cy + dy));
          if (!bucket) { continue; }
          for (var j = 0; j < bucket.length; j++) {
            var item = this._items[bucket[j]], reach = item.r + tolerance;
            var d = (item.x - p.x) * (item.x - p.x) + (item.y - p.y) * (item.y - p.y);
            if (d > reach * reach) { continue; }
            if (best < 0 || (item.kind === "cluster") > (this._items[best].kind === "cluster") ||
                ((item.kind === "cluster") === (this._items[best].kind === "cluster") && d < bestD)) {
              best = bucket[j];
              bestD = d;
            }
          }
        }
      }
      return best;
    },

    _pointAt: function (e) {
      return this._itemAtPoint(this._map.mouseEventToLayerPoint(e));
    },

    // The rows drawn at a place: those in the layers shown.
    rowsAt: function (place) {
      var t = this._table, styles = this._styles, shown = this._shownLayers();
      return this._places.rows[place].filter(function (i) {
        return shown[styles[t.code(t.styleField, i)].layer];
      });
    },

    _hit: function (item) {
      var rows = this.rowsAt(item.place), i = rows[0], t = this._table;
      var group = this._groups[this._styles[t.code(t.styleField, i)].layer];
      return new Hit(L.latLng(item.lat, item.lng), i, rows, this.options.radius, group);
    },

    // A cluster opens one zoom level past where it splits, around its centre (at least one
    // level deeper than now); a place fires a click on its layer, which opens its popup and
    // tells streamlit-folium which place was chosen.
    open: function (item) {
      var map = this._map;
      if (item.kind === "cluster") {
        var zoom = Math.max(this._index.getClusterExpansionZoom(item.id),
                            Math.floor(map.getZoom()) + 1);
        map.setView([item.lat, item.lng], Math.min(zoom, map.getMaxZoom()));
        return;
      }
      var hit = this._hit(item), latlng = hit.getLatLng();
      hit.fire("click", { latlng: latlng, layerPoint: map.latLngToLayerPoint(latlng),
                          containerPoint: map.latLngToContainerPoint(latlng) }, true);
    },

    _onClick: function (e) {
      var k = this._pointAt(e);
      if (k < 0 || (e.type === "click" && this._map._draggableMoved(this._map))) {
        this._fireEvent(false, e);
        return;
      }
      var item = this._items[k];
      if (item.kind === "cluster") {
        if (e.type === "click") { this.open(item); }
        return;
      }
      this._fireEvent([this._hit(item)], e);
    },

    _handleMouseHover: function (e) {
      if (this._mouseHoverThrottled) { return; }
      var k = this._pointAt(e);
      var item = k >= 0 ? this._items[k] : null;
      if (item !== this._hoveredItem) {
        this._handleMouseOut(e);
        if (item) {
          L.DomUtil.addClass(this._container, "leaflet-interactive");
          this._hoveredItem = item;
          if (item.kind === "cluster") {
            this.fire("efus:clusterover", { item: item });
          } else {
            this._hoveredLayer = this._hit(item);
            this._fireEvent([this._hoveredLayer], e, "mouseover");
          }
        }
      }
      this._mouseHoverThrottled = true;
      setTimeout(L.Util.bind(function () { this._mouseHoverThrottled = false; }, this), 32);
    },

    _handleMouseOut: function (e) {
      if (this._hoveredItem && this._hoveredItem.kind === "cluster") {
        L.DomUtil.removeClass(this._container, "leaflet-interactive");
        this.fire("efus:clusterout");
      }
      L.Canvas.prototype._handleMouseOut.call(this, e);
      this._hoveredItem = null;
    },

    // What a person sees in the map's frame, in reading order: rows of 40 px, left to right.
    visibleItems: function () {
      var map = this._map, size = map.getSize(), cloud = this;
      return this._items.map(function (item) {
        var at = map.layerPointToContainerPoint([item.x, item.y]);
        return { item: item, x: at.x, y: at.y };
      }).filter(function (v) {
        return v.x >= 0 && v.y >= 0 && v.x <= size.x && v.y <= size.y;
      }).sort(function (a, b) {
        return Math.floor(a.y / 40) - Math.floor(b.y / 40) || a.x - b.x;
      }).map(function (v) { return cloud._described(v.item, v.x, v.y); });
    },

    _described: function (item, x, y) {
      var out = { kind: item.kind, count: item.count, lat: item.lat, lng: item.lng, x: x, y: y,
                  r: item.r };
      if (item.kind === "cluster") {
        out.id = item.id;
      } else {
        out.rows = this.rowsAt(item.place);
        out.name = this._table.row(out.rows[0]).name;
      }
      out.efus = item;
      return out;
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

  // Every word the map shows comes from Python, in the page's language (``strings``:
  // geo.maps.styles.map_strings); ``strings.values`` names the data's own words there
  // (activity types, countries, dates), and a value it does not name is shown as written.
  function shown(strings, field, value) {
    var names = (strings.values || {})[field] || {};
    return Object.prototype.hasOwnProperty.call(names, value) ? names[value] : value;
  }

  function fill(template, n) { return String(template).replace("{n}", n); }

  function dates(row, strings) {
    var start = shown(strings, "start", row.start), end = shown(strings, "end", row.end);
    if (start && end && row.end !== row.start) { return start + " – " + end; }
    return start || end || "";
  }

  function popupContent(table, indices, labels) {
    var box = el("div", "efus-popup");
    var first = indices.slice(0, 12);
    first.forEach(function (i) {
      var row = table.row(i);
      var item = el("div", "efus-item");
      // A row's own translation (name_fr…) for a reader of that language, where it has one.
      var name = row["name_" + labels.lang] || row.name;
      var description = row["description_" + labels.lang] || row.description;
      item.appendChild(el("div", "efus-name", name));
      var what = [labels.kind[row.kind] || row.kind, row.project,
                  shown(labels, "activity", row.activity)].filter(Boolean).join(" · ");
      if (what) { item.appendChild(el("div", "efus-what", what)); }
      var when = dates(row, labels);
      if (when) { item.appendChild(el("div", "efus-when", when)); }
      var where = [row.city, shown(labels, "country", row.country)].filter(Boolean).join(", ");
      if (row.precision && row.precision !== "site") {
        where += (where ? " — " : "") + (labels.precision[row.precision] || row.precision);
      }
      if (where) { item.appendChild(el("div", "efus-where", where)); }
      if (description) { item.appendChild(el("div", "efus-description", description)); }
      if (isWebAddress(row.source)) {
        var link = el("a", "efus-source", labels.source);
        link.href = row.source;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        item.appendChild(link);
      }
      box.appendChild(item);
    });
    if (indices.length > first.length) {
      var more = (indices.length - first.length).toLocaleString(labels.locale);
      box.appendChild(el("div", "efus-more", fill(labels.more, more)));
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

  function errorText(strings, error) {
    var detail = String(error && error.message ? error.message : error);
    return String((strings || {}).pointsError || "{error}").replace("{error}", detail);
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
      if (typeof window.Supercluster !== "function") {
        throw new Error("the point clustering script (supercluster) is not loaded; " +
                        "install it with `npm ci` (make run does) and build the map again");
      }
      data = await decode(payload);
    } catch (error) {
      showError(map, errorText(options.strings, error));
      return;
    }
    var table = new Table(data);
    var t1 = performance.now();
    var styles = options.styles;
    var labels = options.strings;
    var styleOptions = styles.map(function (st) { return markerOptions(st, options.radius); });
    // Clicks on a point are fired on its layer group, so streamlit-folium's click handler
    // (attached to the groups when the map starts) sees them too.
    var cloud = new PointCloud(table, styles, styleOptions, groups, {
      pane: options.pane, radius: options.radius, cluster: options.cluster, lang: options.lang,
    });
    var t2 = performance.now();
    cloud.addTo(map);
    groups.forEach(function (group) {
      group.on("add remove", function () { if (map.hasLayer(cloud)) { cloud._draw(); } });
    });
    var t3 = performance.now();
    window.EfusMap.timings = { decode: t1 - t0, index: t2 - t1, add: t3 - t2 };
    var tooltip = L.tooltip({ direction: "top", offset: [0, -options.radius], opacity: 0.95 });

    groups.forEach(function (group) {
      group.on("click", function (e) {
        if (!e.layer || e.layer.efusIndex === undefined) { return; }
        L.popup({ maxWidth: 340, minWidth: 220, autoPanPaddingTopLeft: [24, 96],
                  autoPanPaddingBottomRight: [24, 24] })
          .setLatLng(e.layer.getLatLng())
          .setContent(popupContent(table, e.layer.efusRows, labels))
          .openOn(map);
      });
      group.on("mouseover", function (e) {
        if (!e.layer || e.layer.efusIndex === undefined) { return; }
        var row = table.row(e.layer.efusIndex);
        var text = row["name_" + labels.lang] || row.name;
        var others = e.layer.efusRows.length - 1;
        if (others) { text += " " + fill(labels.others, others.toLocaleString(labels.locale)); }
        tooltip.setLatLng(e.layer.getLatLng()).setContent(el("span", "efus-tooltip", text));
        map.openTooltip(tooltip);
      });
      group.on("mouseout", function () { map.closeTooltip(tooltip); });
    });
    cloud.on("efus:clusterover", function (e) {
      var text = options.cluster.tooltip.replace("{n}", e.item.text);
      tooltip.setLatLng([e.item.lat, e.item.lng])
        .setContent(el("span", "efus-tooltip", text));
      map.openTooltip(tooltip);
    });
    cloud.on("efus:clusterout", function () { map.closeTooltip(tooltip); });
    openWithEnter(map);
    markDrawn(map, table.n);
  }

  // The point layer whose points a person sees: the newest whose layers are on the map (the
  // dashboard replaces its layer on each filter change; removeDetachedPoints drops the old).
  function activeCloud(map) {
    var found = null;
    map.eachLayer(function (layer) {
      if (layer instanceof PointCloud && layer._groups.some(function (g) {
        return map.hasLayer(g); })) { found = layer; }
    });
    return found;
  }

  // The clusters and places in the map's frame, in reading order (top to bottom in rows of
  // 40 px, left to right), as the canvas last drew them. Each: {kind: "cluster" | "stack" |
  // "point", count (rows), lat, lng, x, y (container pixels)}; a cluster has its ``id``, a
  // place its ``rows`` (payload indices) and the ``name`` of its first row.
  function visibleItems(map) {
    var cloud = activeCloud(map);
    return cloud ? cloud.visibleItems() : [];
  }

  // Open an item of ``visibleItems``: a cluster zooms in until it splits (the map fires
  // "zoomend", then redraws); a place opens its popup and fires "click" on its layer group.
  function openItem(map, item) {
    var cloud = activeCloud(map);
    if (!cloud || !item) { return false; }
    cloud.open(item.efus || item);
    return true;
  }

  // Enter (or Space) on the focused map opens the item nearest its centre, within 48 px: a
  // keyboard user pans there with the arrow keys, as Leaflet lets them. A keyboard route that
  // handles these keys itself calls preventDefault, and this handler then does nothing.
  function openWithEnter(map) {
    if (map._efusEnter) { return; }
    map._efusEnter = true;
    var container = map.getContainer();
    container.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.target !== container || (e.key !== "Enter" && e.key !== " ")) {
        return;
      }
      var size = map.getSize(), best = null, bestD = 48 * 48;
      visibleItems(map).forEach(function (item) {
        var d = Math.pow(item.x - size.x / 2, 2) + Math.pow(item.y - size.y / 2, 2);
        if (d <= bestD) { bestD = d; best = item; }
      });
      if (best) {
        e.preventDefault();
        openItem(map, best);
      }
    });
  }

  // The offline basemap: country outlines pre-projected to Web Mercator and delta-encoded as
  // integers (geo.maps.assets.outlines: {type: "EfusOutlines", scale, features: [[ring…]]},
  // a ring [x0, y0, dx1, dy1, …] in 1/scale of the world's width at zoom 0). Drawn on a canvas
  // of their own: no LatLng objects, no projection, and at each zoom only the vertices at
  // least half a pixel apart. Leaflet's canvas renderer places, sizes and animates it.
  function decodeOutlines(data) {
    return data.features.map(function (feature) {
      return feature.map(function (ring) {
        var xy = new Float64Array(ring.length), x = 0, y = 0;
        for (var i = 0; i < ring.length; i += 2) {
          x += ring[i]; y += ring[i + 1];
          xy[i] = x; xy[i + 1] = y;
        }
        return xy;
      });
    });
  }

  var Outlines = L.Canvas.extend({
    initialize: function (features, scale, options) {
      L.Canvas.prototype.initialize.call(this, options);
      this._features = features;
      this._scale = scale;
    },

    getAttribution: function () { return this.options.attribution; },

    _traceRing: function (ctx, xy, k, origin) {
      var lastX = xy[0] * k - origin.x, lastY = xy[1] * k - origin.y;
      ctx.moveTo(lastX, lastY);
      for (var i = 2; i < xy.length; i += 2) {
        var x = xy[i] * k - origin.x, y = xy[i + 1] * k - origin.y;
        // Closer than half a pixel to the last vertex drawn: nothing to see at this zoom.
        if (i + 2 < xy.length && Math.abs(x - lastX) + Math.abs(y - lastY) < 0.5) { continue; }
        ctx.lineTo(x, y);
        lastX = x; lastY = y;
      }
      ctx.closePath();
    },

    _draw: function () {
      var map = this._map, ctx = this._ctx, style = this.options.style || {};
      if (!map || !ctx) { return; }
      var k = map.options.crs.scale(map.getZoom()) / this._scale, origin = map.getPixelOrigin();
      ctx.save();
      ctx.fillStyle = style.fillColor;
      ctx.globalAlpha = 1;
      ctx.strokeStyle = style.color;
      ctx.lineWidth = style.weight;
      ctx.lineJoin = ctx.lineCap = "round";
      for (var f = 0; f < this._features.length; f++) {
        ctx.beginPath();
        for (var r = 0; r < this._features[f].length; r++) {
          this._traceRing(ctx, this._features[f][r], k, origin);
        }
        ctx.globalAlpha = style.fillOpacity === undefined ? 1 : style.fillOpacity;
        ctx.fill("evenodd"); // as Leaflet fills a polygon: an enclave is a hole
        ctx.globalAlpha = style.opacity === undefined ? 1 : style.opacity;
        ctx.stroke();
      }
      ctx.restore();
      // The zoom the outlines were last drawn at: a state tests wait for, as data-efus-zoom.
      map.getContainer().setAttribute("data-efus-outlines-zoom", String(map.getZoom()));
    },
  });

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
      var words = options.strings || {};
      showError(map, errorText({ pointsError: words.outlinesError }, error));
      return;
    }
    var layer = new Outlines(decodeOutlines(data), data.scale, {
      pane: options.pane, padding: 0.5, attribution: options.attribution, style: options.style,
    });
    options.group.addLayer(layer);
    // A state the page reaches, not a time: tests and bench/page.py wait for it.
    // Two frames: the canvas is drawn when it is added, then it is painted.
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        map.getContainer().setAttribute("data-efus-basemap", "drawn");
      });
    });
  }

  // With online tiles offered as base layers: a tile layer that cannot be reached (no
  // internet, venue Wi-Fi down) is swapped back for the offline map, with a notice.
  function keepOffline(map, offline, strings) {
    var notice = null;
    map.on("baselayerchange", function (e) {
      if (notice) { notice.remove(); notice = null; }
      if (!(e.layer instanceof L.TileLayer)) { return; }
      var tiles = e.layer;
      tiles.once("tileerror", function () {
        if (!map.hasLayer(tiles)) { return; }
        map.removeLayer(tiles);
        map.addLayer(offline);
        notice = el("div", "efus-notice", String((strings || {}).offline || "{layer}")
          .replace("{layer}", e.name));
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
      box.appendChild(el("summary", "efus-legend-title", options.title || ""));
      var list = el("div", "efus-legend-list");
      list.setAttribute("role", "list");
      box.appendChild(list);
      entries.forEach(function (entry) {
        var line = el("div", "efus-legend-entry");
        line.setAttribute("role", "listitem");
        line.appendChild(svgIcon(entry, 16));
        line.appendChild(el("span", "efus-legend-label", entry.label));
        line.appendChild(el("span", "efus-legend-count",
                            entry.countText || entry.count.toLocaleString("en-GB")));
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
      var box = el("div", "efus-error", errorText(selection.options.strings, error));
      box.setAttribute("role", "alert");
      map.getContainer().appendChild(box);
    });
    if (window.efusSelectionLegend) { window.efusSelectionLegend.remove(); }
    window.efusSelectionLegend = selection.entries.length
      ? addLegend(map, selection.entries, { title: selection.options.strings.legend }) : null;
  }

  // The scale bar (metric only: the maps are of Europe) and the titles of Leaflet's own
  // controls in the page's language: Leaflet writes "km", "Zoom in", "Layers", "Close popup"
  // in English, so they are set here (this runs after the other controls were added).
  function addControls(map, strings) {
    var scale = L.control.scale({ imperial: false });
    scale._updateMetric = function (maxMeters) {
      var meters = this._getRoundNum(maxMeters);
      var text = meters < 1000
        ? fill(strings.metres, meters.toLocaleString(strings.locale))
        : fill(strings.kilometres, (meters / 1000).toLocaleString(strings.locale));
      this._updateScale(this._mScale, text, meters / maxMeters);
    };
    scale.addTo(map);
    var box = map.getContainer();
    [[".leaflet-control-zoom-in", strings.zoomIn], [".leaflet-control-zoom-out", strings.zoomOut],
     [".leaflet-control-layers-toggle", strings.layers]]
      .forEach(function (pair) {
        box.querySelectorAll(pair[0]).forEach(function (node) {
          node.title = pair[1];
          if (node.getAttribute("aria-label")) { node.setAttribute("aria-label", pair[1]); }
        });
      });
    // The credits are rebuilt from the prefix whenever a layer adds its own: set it there.
    var leaflet = box.querySelector(".leaflet-control-attribution a[href='https://leafletjs.com']");
    if (leaflet && map.attributionControl) {
      var link = leaflet.cloneNode(true);
      link.title = strings.leaflet;
      map.attributionControl.setPrefix(link.outerHTML);
    }
    map.on("popupopen", function (e) {
      var close = e.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", strings.closePopup); }
    });
    return scale;
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
    addControls: addControls,
    createPane: createPane,
    selectPoints: selectPoints,
    visibleItems: visibleItems,
    openItem: openItem,
    keepOffline: keepOffline,
    removeDetachedPoints: removeDetachedPoints,
    showSelection: showSelection,
    shapes: Object.keys(SHAPES),
    leaflet: LEAFLET,
  };
})();
