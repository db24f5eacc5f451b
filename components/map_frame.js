/* The map's frame (components/basemap.py): attribution without Leaflet's prefix, the
   boundary credit (escaped text), a metric-only scale bar, and tiles when configured. */
function addMapFrame(d, map) {
    if (map.attributionControl) {
        map.attributionControl.setPrefix(false);
        map.attributionControl.addAttribution(d.attribution);
    }
    L.control.scale({metric: true, imperial: false}).addTo(map);
    if (d.frame) {
        keepFramed(L.latLngBounds(d.frame));
    }
    if (d.tiles) {
        d.tiles.templates.forEach(function (url, i) {
            L.tileLayer(url, {subdomains: d.tiles.subdomains, maxZoom: d.tiles.maxZoom,
                              maxNativeZoom: d.tiles.maxZoom, zIndex: i + 1}).addTo(map);
        });
        map.getContainer().classList.add("atlas-has-tiles");
    }

    /* Until a viewer moves the map, open it on its box again whenever its frame changes
       size (a column settling, the fonts loading), beside an open legend so that the
       legend covers none of it. */
    function keepFramed(frame) {
        var touched = false;
        L.DomEvent.on(map.getContainer(), "mousedown touchstart wheel keydown", function () {
            touched = true;
        });
        function refit() {
            var container = map.getContainer();
            if (touched || container.clientWidth === 0) { return; }
            if (map._animatingZoom) { map.once("zoomend", refit); return; }
            var legend = container.querySelector(".atlas-legend");
            var open = legend && legend.querySelector("details[open]");
            var width = open ? legend.offsetWidth : 0;
            var right = width > 0 && width < container.clientWidth / 2 ? width + 20 : 10;
            map.fitBounds(frame, {paddingTopLeft: [10, 10], paddingBottomRight: [right, 10],
                                  animate: false});
        }
        map.on("resize", refit);
        map.whenReady(function () { setTimeout(refit, 0); });
        setTimeout(refit, 400);
        setTimeout(refit, 1200);
    }
}
