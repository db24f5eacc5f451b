/* The map's frame (components/basemap.py): attribution without Leaflet's prefix, the
   boundary credit (escaped text), a metric-only scale bar, and tiles when configured. */
function addMapFrame(d, map) {
    if (map.attributionControl) {
        map.attributionControl.setPrefix(false);
        map.attributionControl.addAttribution(d.attribution);
    }
    L.control.scale({metric: true, imperial: false}).addTo(map);
    if (d.frame) {
        map._atlasFrame = L.latLngBounds(d.frame);  // the legend refits around itself
    }
    if (d.tiles) {
        d.tiles.templates.forEach(function (url, i) {
            L.tileLayer(url, {subdomains: d.tiles.subdomains, maxZoom: d.tiles.maxZoom,
                              maxNativeZoom: d.tiles.maxZoom, zIndex: i + 1}).addTo(map);
        });
        map.getContainer().classList.add("atlas-has-tiles");
    }
}
