"""Drawing the dataset: the offline map engine (Leaflet and our canvas layer, the Natural Earth
basemap), what each audience may see, the exports (HTML, GeoJSON, iframe). Uses ``geo.data``,
``geo.places`` and ``geo.selection``; never Streamlit.

- ``audience``: who sees which rows (public view, sensitive sites, positioned rows); no folium.
- ``styles``: one marker style per activity, the layers, the popup labels (the charts' colours).
- ``payload``: the points as one columnar JSON payload; ``script_json``, the one escaper.
- ``elements``: the folium elements of a map page, each one call into ``assets/js/efus-map.js``.
- ``engine``: ``build_map``, which puts those together.
- ``export``: a map as files (HTML, GeoJSON, iframe) and the ``export`` command's selection.
- ``assets``: Leaflet, our JS/CSS and the basemap, inline or served by Streamlit.
"""
