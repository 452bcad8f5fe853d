"""Placing names on the map: the offline gazetteer (GeoNames), the geocoder and its answers,
the country check on the basemap's outlines, the optional online geocoder, and the review of
the places a person must settle. Uses ``geo.data``; used by the selection, maps and pages."""
