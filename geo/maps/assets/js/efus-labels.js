/* Efus map service: names on the offline basemap (geo/maps/assets/basemap/labels.json).
 *
 * Country and city names are drawn in a pane of their own, under the data's markers (the
 * basemap's pane is at z 250, the points' at 450, this one at 300) and deaf to the mouse. A
 * label shows from its min zoom on, in the map's language when the file has that name (else
 * the GeoNames name), and only where it overlaps no label already placed: countries and big
 * cities first, then smaller ones (a simple greedy pass after each zoom or move). Names go in
 * with textContent, never as HTML. Needs Leaflet 1.9 only.
 *
 *   EfusLabels.add(map, labels, { lang: "fr", pane: "efusLabels" })
 *   EfusLabels.load(map, {gzip: "…"} or {url: "…"} or {json: labels}, options)  // a Promise
 */
(function () {
  "use strict";

  var MARGIN = 40; // px outside the view where labels are placed too, so a pan shows no gap
  var GAP = 4; // px kept free around a label
  var CITY_FIRST_FROM = 7; // zoom from which cities win over country names (the view is local)
  var MAIN_CITY_ZOOM = 4; // capitals and the cities shown from this zoom on beat countries
  var COUNTRY_SHIFTS = [0, -1, 1, -2, 2]; // a country's name may move this many lines up/down

  // {columns: [...], rows: [[...]]} → [{column: value}]
  function records(table) {
    return table.rows.map(function (row) {
      var record = {};
      table.columns.forEach(function (column, i) { record[column] = row[i]; });
      return record;
    });
  }

  function prepare(labels, lang) {
    var countries = records(labels.countries).map(function (c) {
      return { kind: "country", lat: c.lat, lon: c.lon, minzoom: c.minzoom, size: c.area_km2,
               text: c[lang] || c.en || c.iso2, key: "country:" + c.iso2 };
    });
    var cities = records(labels.cities).map(function (c) {
      return { kind: c.capital ? "capital" : "city", lat: c.lat, lon: c.lon, minzoom: c.minzoom,
               size: c.population, text: c[lang] || c.name, key: "city:" + c.geonameid };
    });
    var bySize = function (a, b) { return b.size - a.size; };
    return { countries: countries.sort(bySize), cities: cities.sort(bySize) };
  }

  function overlaps(box, boxes) {
    for (var i = 0; i < boxes.length; i++) {
      var o = boxes[i];
      if (box.x0 < o.x1 && box.x1 > o.x0 && box.y0 < o.y1 && box.y1 > o.y0) { return true; }
    }
    return false;
  }

  var LabelLayer = L.Layer.extend({
    options: { pane: "efusLabels", lang: "en", zIndex: 300, attribution: null },

    initialize: function (labels, options) {
      L.setOptions(this, options);
      this._labels = prepare(labels, this.options.lang);
      this._widths = {};
      this._elements = {};
    },

    getEvents: function () {
      return { zoomend: this._update, moveend: this._update, viewreset: this._update };
    },

    getAttribution: function () { return this.options.attribution; },

    onAdd: function (map) {
      var pane = map.getPane(this.options.pane) || map.createPane(this.options.pane);
      pane.style.zIndex = String(this.options.zIndex);
      pane.style.pointerEvents = "none";
      // leaflet-zoom-hide: hidden while a zoom animates, placed again at its end.
      this._container = L.DomUtil.create("div", "efus-labels leaflet-zoom-hide", pane);
      this._container.setAttribute("aria-hidden", "true"); // the table is the accessible form
      this._fonts = this._measureFonts();
      this._update();
    },

    onRemove: function () {
      L.DomUtil.remove(this._container);
      this._elements = {};
    },

    // The labels on the map now, as drawn: [{text, kind}], for tests and for people who ask.
    shown: function () {
      var out = [];
      for (var key in this._elements) {
        var el = this._elements[key];
        if (el.parentNode) { out.push({ text: el.efusText, kind: el.efusKind }); }
      }
      return out;
    },

    // The font of each kind of label as the CSS sets it (a presentation may enlarge it), so
    // that the collision boxes match what is drawn.
    _measureFonts: function () {
      var fonts = {};
      var canvas = document.createElement("canvas").getContext("2d");
      ["country", "capital", "city"].forEach(function (kind) {
        var probe = this._element(kind, "Hg");
        probe.style.visibility = "hidden";
        this._container.appendChild(probe);
        var text = probe.querySelector(".efus-label-text");
        var style = window.getComputedStyle(text);
        var dot = probe.querySelector(".efus-label-dot");
        fonts[kind] = {
          font: style.fontStyle + " " + style.fontWeight + " " + style.fontSize + " " +
                style.fontFamily,
          spacing: parseFloat(style.letterSpacing) || 0,
          height: probe.offsetHeight,
          dot: dot ? dot.offsetWidth : 0,
          gap: parseFloat(window.getComputedStyle(probe).columnGap) || 0,
          canvas: canvas,
        };
        L.DomUtil.remove(probe);
      }, this);
      return fonts;
    },

    _width: function (label) {
      var font = this._fonts[label.kind], key = label.key + "|" + font.font;
      if (this._widths[key] === undefined) {
        font.canvas.font = font.font;
        this._widths[key] = Math.ceil(font.canvas.measureText(label.text).width +
                                      font.spacing * label.text.length);
      }
      return this._widths[key];
    },

    _element: function (kind, text) {
      var el = L.DomUtil.create("div", "efus-label efus-label-" + kind);
      if (kind !== "country") { L.DomUtil.create("span", "efus-label-dot", el); }
      var span = L.DomUtil.create("span", "efus-label-text", el);
      span.textContent = text;
      el.efusText = text;
      el.efusKind = kind;
      return el;
    },

    // Where a label would go with its anchor at container point ``p``: countries centred on
    // it; cities with their dot on it and the name to the right, or else to the left.
    // Country names may slide up or down (COUNTRY_SHIFTS).
    _boxes: function (label, p) {
      var font = this._fonts[label.kind], w = this._width(label), h = font.height;
      if (label.kind === "country") {
        return COUNTRY_SHIFTS.map(function (shift) {
          var y = p.y + shift * h;
          return { x0: p.x - w / 2, y0: y - h / 2, x1: p.x + w / 2, y1: y + h / 2 };
        });
      }
      var half = font.dot / 2, full = w + font.dot + font.gap;
      return [
        { x0: p.x - half, y0: p.y - h / 2, x1: p.x - half + full, y1: p.y + h / 2, side: "right" },
        { x0: p.x + half - full, y0: p.y - h / 2, x1: p.x + half, y1: p.y + h / 2, side: "left" },
      ];
    },

    // Cities are tied to a point, a country's name can move within the country: the main
    // cities (capitals, metropolises) are placed first, then countries (sliding up or down to
    // make room), then the rest. From CITY_FIRST_FROM on, the view is local and every city
    // goes before the countries.
    _candidates: function (zoom) {
      // The maps snap to half zoom levels: a view half way to a level shows that level's
      // names (a Europe-wide view at 3.5 names France and Spain, not only Russia and Libya).
      var shown = function (label) { return label.minzoom <= zoom + 0.5 + 1e-6; };
      var cities = this._labels.cities.filter(shown);
      var countries = this._labels.countries.filter(shown);
      if (zoom >= CITY_FIRST_FROM) { return cities.concat(countries); }
      var isMain = function (c) { return c.kind === "capital" || c.minzoom <= MAIN_CITY_ZOOM; };
      var main = cities.filter(isMain);
      var rest = cities.filter(function (c) { return !isMain(c); });
      return main.concat(countries, rest);
    },

    _update: function () {
      var map = this._map;
      if (!map || !this._container) { return; }
      var size = map.getSize(), placed = [], keep = {};
      var candidates = this._candidates(map.getZoom());
      for (var i = 0; i < candidates.length; i++) {
        var label = candidates[i];
        var p = map.latLngToContainerPoint([label.lat, label.lon]);
        if (p.x < -MARGIN || p.y < -MARGIN || p.x > size.x + MARGIN || p.y > size.y + MARGIN) {
          continue;
        }
        var boxes = this._boxes(label, p);
        for (var b = 0; b < boxes.length; b++) {
          var box = boxes[b];
          var padded = { x0: box.x0 - GAP, y0: box.y0 - GAP, x1: box.x1 + GAP, y1: box.y1 + GAP };
          if (overlaps(padded, placed)) { continue; }
          placed.push(box);
          keep[label.key] = true;
          this._show(label, box, map);
          break;
        }
      }
      for (var key in this._elements) {
        if (!keep[key] && this._elements[key].parentNode) { L.DomUtil.remove(this._elements[key]); }
      }
    },

    _show: function (label, box, map) {
      var el = this._elements[label.key];
      if (!el) { el = this._elements[label.key] = this._element(label.kind, label.text); }
      el.classList.toggle("efus-label-left", box.side === "left");
      // Layer coordinates: they move with the map pane when the map is dragged.
      var corner = map.containerPointToLayerPoint([box.x0, box.y0]).round();
      L.DomUtil.setPosition(el, corner);
      if (!el.parentNode) { this._container.appendChild(el); }
    },
  });

  // ``options.group``: a layer group to join instead of the map (the offline basemap's group,
  // so that choosing online tiles, which carry their own names, takes the labels away too).
  function add(map, labels, options) {
    options = options || {};
    var layer = new LabelLayer(labels, {
      lang: options.lang || "en",
      pane: options.pane || "efusLabels",
      zIndex: options.zIndex || 300,
      attribution: options.attribution === undefined ? labels.attribution : options.attribution,
    });
    if (options.group) { options.group.addLayer(layer); } else { layer.addTo(map); }
    return layer;
  }

  // The labels as a page carries them: {json: labels}, {gzip: base64} (the engine's packing)
  // or {url: "…/labels.json"} (the static copy Streamlit serves). Resolves to the layer, or
  // to null when they cannot be had: a map without names is still a map.
  async function load(map, source, options) {
    try {
      var labels;
      if (source.url) {
        var response = await fetch(source.url);
        if (!response.ok) { throw new Error(source.url + ": HTTP " + response.status); }
        labels = await response.json();
      } else if (source.gzip !== undefined) {
        var binary = atob(source.gzip), bytes = new Uint8Array(binary.length);
        for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        labels = JSON.parse(await new Response(stream).text());
      } else {
        labels = source.json;
      }
      return add(map, labels, options);
    } catch (error) {
      console.warn("Place names are not shown: " + String(error.message || error));
      return null;
    }
  }

  window.EfusLabels = { add: add, load: load, LabelLayer: LabelLayer };
})();
