/* Efus map service: the published map page (geo/maps/publish.py), a map made to be embedded.
 *
 * The page holds no point: it loads its data file (the GeoJSON its "download the data" link
 * offers) and hands it to the engine (efus-map.js) as the engine's own payload. It reads the
 * editor's options from its address (view, wheel, layers, legend, lang), tells the host page
 * its height (a message the embed code's few lines listen for), and offers a *List of places*:
 * one button per point of the layers shown, which opens that point's popup, so every point is
 * reachable without a mouse and read by screen readers. Every string from the data is put on
 * screen with textContent. Needs Leaflet 1.9 and efus-map.js.
 */
(function () {
  "use strict";

  var NARROW = 600; // px: below this the layer list and the legend start folded

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function readOptions(search) {
    var params = new URLSearchParams(search);
    var view = (params.get("view") || "").split(",").map(Number);
    var layers = params.get("layers");
    return {
      view: view.length === 3 && view.every(isFinite) ? view : null,
      wheel: /^(1|on|yes|true)$/i.test(params.get("wheel") || ""),
      layers: layers === null ? null : layers.split(",").filter(Boolean),
      legend: params.get("legend"),
      lang: params.get("lang"),
    };
  }

  // Another language's page of the same version, the other options kept.
  function switchLanguage(config, options) {
    var page = options.lang && options.lang !== config.lang && config.pages[options.lang];
    if (!page) { return false; }
    var params = new URLSearchParams(location.search);
    params.delete("lang");
    var query = params.toString();
    location.replace(page + (query ? "?" + query : ""));
    return true;
  }

  function regionNames(lang) {
    try {
      var names = new Intl.DisplayNames([lang], { type: "region" });
      return function (code) {
        try { return code ? names.of(code) : ""; } catch { return code; }
      };
    } catch {
      return function (code) { return code; };
    }
  }

  // GeoJSON features as the engine's columnar payload: a point's style is its activity's
  // index in ``config.activities`` (the engine's style order); countries by name in the
  // page's language.
  function toPayload(geojson, config) {
    var scale = 100000, country = regionNames(config.lang);
    var payload = { scale: scale, delta: false, fields: config.fields, style_field: "activity",
                    values: config.fields.map(function () { return []; }),
                    codes: config.fields.map(function () { return []; }), lat: [], lon: [] };
    var indexes = config.fields.map(function () { return new Map(); });
    var activity = config.fields.indexOf("activity");
    payload.values[activity] = config.activities.slice();
    config.activities.forEach(function (a, i) { indexes[activity].set(a, i); });
    geojson.features.forEach(function (feature) {
      var p = feature.properties || {}, xy = feature.geometry.coordinates;
      if (!indexes[activity].has(String(p.activity || ""))) { return; }
      payload.lon.push(Math.round(xy[0] * scale));
      payload.lat.push(Math.round(xy[1] * scale));
      config.fields.forEach(function (name, f) {
        var value = p[name] === null || p[name] === undefined ? "" : String(p[name]);
        if (name === "country") { value = country(value); }
        var code = indexes[f].get(value);
        if (code === undefined) {
          code = payload.values[f].push(value) - 1;
          indexes[f].set(value, code);
        }
        payload.codes[f].push(code);
      });
    });
    return payload;
  }

  function loadPoints(map, groups, options, config) {
    var container = map.getContainer();
    container.classList.add("efus-map");
    window.EfusMap.createPane(map, "efusPoints", 450);
    if (!groups.length) { return Promise.resolve(null); }
    return fetch(config.data).then(function (response) {
      if (!response.ok) { throw new Error(config.data + ": HTTP " + response.status); }
      return response.json();
    }).then(function (geojson) {
      var payload = toPayload(geojson, config);
      return window.EfusMap.addPoints(map, groups, { json: payload }, options).then(function () {
        return payload;
      });
    }).catch(function (error) {
      var box = el("div", "efus-error", String(error && error.message ? error.message : error));
      box.setAttribute("role", "alert");
      container.appendChild(box);
      return null;
    });
  }

  function applyOptions(map, groups, config, options) {
    if (!options.wheel) { map.scrollWheelZoom.disable(); }
    if (options.layers) {
      groups.forEach(function (group, i) {
        if (options.layers.indexOf(config.layers[i]) < 0) { map.removeLayer(group); }
      });
    }
    if (options.view) { map.setView([options.view[0], options.view[1]], options.view[2]); }
    var legend = map.getContainer().querySelector(".efus-legend");
    if (legend && options.legend === "folded") { legend.open = false; }
    if (legend && options.legend === "open") { legend.open = true; }
  }

  function overlaps(a, b) {
    var r = a.getBoundingClientRect(), q = b.getBoundingClientRect();
    return r.width > 0 && q.width > 0 && r.left < q.right && q.left < r.right &&
      r.top < q.bottom && q.top < r.bottom;
  }

  // Below NARROW px the layer list folds to its button and the legend to its title; wider, each
  // folds when it covers the title: a long title, or its line of counts that comes with the
  // points, meets the layer list at 600–700 px. So the title is never covered. A click on the
  // map folds a folded layer list again.
  function foldWhenNarrow(map, options) {
    var container = map.getContainer();
    var layers = container.querySelector(".leaflet-control-layers");
    var legend = container.querySelector(".efus-legend");
    var title = container.querySelector(".efus-title");
    var narrow = container.clientWidth < NARROW;
    function foldLayers() {
      layers.classList.remove("leaflet-control-layers-expanded");
      map.on("click", function () { layers.classList.remove("leaflet-control-layers-expanded"); });
    }
    function foldWhatCovers() {
      if (layers && overlaps(layers, title)) { foldLayers(); }
      if (legend && legend.open && overlaps(legend, title)) { legend.open = false; }
    }
    if (layers && narrow) { foldLayers(); }
    if (legend && narrow && options.legend !== "open") { legend.open = false; }
    if (title) { new ResizeObserver(foldWhatCovers).observe(title); }
  }

  // The host page's embed code listens for this message and sets the frame's height.
  function postHeight() {
    if (window.parent === window) { return; }
    var last = 0;
    function send() {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height !== last) {
        last = height;
        window.parent.postMessage({ type: "efus:height", height: height }, "*");
      }
    }
    new ResizeObserver(send).observe(document.body);
    send();
  }

  function bar(config, map) {
    var box = el("div", "efus-embed-bar");
    var toggle = el("button", "efus-places-toggle", config.texts.show);
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", "efus-places");
    box.appendChild(toggle);
    if (window.parent !== window) {
      var full = el("a", "efus-fullscreen", config.texts.fullscreen);
      full.href = location.href;
      full.target = "_blank";
      full.rel = "noopener";
      full.title = config.texts.fullscreenHint;
      box.appendChild(full);
    }
    var download = el("a", "efus-download", config.texts.download);
    download.href = config.data;
    download.setAttribute("download", "");
    box.appendChild(download);
    map.getContainer().after(box);
    return toggle;
  }

  function placesPanel(config, toggle) {
    var section = el("section", "efus-places");
    section.id = "efus-places";
    section.hidden = true;
    section.setAttribute("aria-labelledby", "efus-places-title");
    section.appendChild(el("h2", "efus-places-title", config.texts.places)).id = "efus-places-title";
    var list = el("ul", "efus-places-list");
    section.appendChild(list);
    toggle.parentNode.after(section);
    toggle.addEventListener("click", function () {
      var open = section.hidden;
      section.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? config.texts.hide : config.texts.show;
    });
    return list;
  }

  function fillPlaces(map, groups, payload, config, list) {
    var f = {};
    payload.fields.forEach(function (name, i) { f[name] = i; });
    function value(name, i) { return payload.values[f[name]][payload.codes[f[name]][i]]; }
    function groupOf(i) {
      return groups[config.styles[payload.codes[f.activity][i]].layer];
    }
    var shown = [];
    for (var i = 0; i < payload.lat.length; i++) {
      if (map.hasLayer(groupOf(i))) { shown.push(i); }
    }
    var collator = new Intl.Collator(config.lang);
    shown.sort(function (a, b) { return collator.compare(value("name", a), value("name", b)); });
    list.replaceChildren();
    if (!shown.length) { list.appendChild(el("li", "efus-places-none", config.texts.none)); }
    shown.forEach(function (i) {
      var item = el("li", "efus-place");
      var button = el("button", "efus-place-name", value("name", i));
      button.type = "button";
      button.dataset.point = String(i);
      item.appendChild(button);
      var where = [value("city", i), value("country", i)].filter(Boolean).join(", ");
      var activity = value("activity", i);
      var what = [where, config.activityLabels[activity] || activity].filter(Boolean).join(" · ");
      if (what) { item.appendChild(el("span", "efus-place-where", " " + what)); }
      list.appendChild(item);
    });
    return groupOf;
  }

  // A place's button opens its point: the view moves to it and the engine's own popup opens
  // (the click the engine listens for on the point's layer group), with the focus in it;
  // Escape closes it and the focus returns to the button.
  function openFromList(map, payload, list, groupOf) {
    var back = null;
    list.addEventListener("click", function (e) {
      var button = e.target.closest("button[data-point]");
      if (!button) { return; }
      var i = Number(button.dataset.point);
      var latlng = L.latLng(payload.lat[i] / payload.scale, payload.lon[i] / payload.scale);
      map.setView(latlng, Math.max(map.getZoom(), 7), { animate: false });
      // The engine's popup shows a layer's ``efusRows`` (the rows at its place): here, this one.
      var layer = { efusIndex: i, efusRows: [i], getLatLng: function () { return latlng; } };
      groupOf(i).fire("click", { layer: layer, latlng: latlng });
      var content = map.getContainer().querySelector(".leaflet-popup-content");
      if (content) {
        back = button;
        content.tabIndex = -1;
        content.focus();
      }
    });
    // Leaflet's own Escape listens only once the map's container had the focus itself.
    map.getContainer().addEventListener("keydown", function (e) {
      if (e.key === "Escape" && back) { map.closePopup(); }
    });
    map.on("popupclose", function () {
      if (back) { var target = back; back = null; target.focus({ preventScroll: false }); }
    });
  }

  function start(map, groups, options, config) {
    var chosen = readOptions(location.search);
    if (switchLanguage(config, chosen)) { return; }
    document.documentElement.classList.add(window.parent === window ? "efus-alone" : "efus-framed");
    map.invalidateSize();
    applyOptions(map, groups, config, chosen);
    foldWhenNarrow(map, chosen);
    var toggle = bar(config, map);
    var list = placesPanel(config, toggle);
    postHeight();
    config.styles = options.styles;
    loadPoints(map, groups, options, config).then(function (payload) {
      if (!payload) { return; }
      var groupOf = fillPlaces(map, groups, payload, config, list);
      openFromList(map, payload, list, groupOf);
      map.on("overlayadd overlayremove", function () {
        fillPlaces(map, groups, payload, config, list);
      });
    });
  }

  window.EfusEmbed = { start: start, readOptions: readOptions, toPayload: toPayload };
})();
