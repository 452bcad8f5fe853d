"""Drawing the dataset: the offline map engine (Leaflet and our canvas layer, the Natural Earth
basemap), what each audience may see, the exports (HTML, GeoJSON, iframe). Uses ``geo.data``,
``geo.places`` and ``geo.selection``; never Streamlit."""
