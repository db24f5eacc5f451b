/* Points sent as short rows [lat, lon, id, name, codes...] (components/point_layers.py),
   rebuilt as one GeoJSON layer with a group tooltip. Points that would cover each other
   at the current zoom are spread apart (atlasSpreadPoints), so a dense core never
   becomes a pile and every point stays one click away. */
function addPointLayer(d, map) {
    var features = d.rows.map(function (r) {
        var p = {kind: d.kind, id: r[2], name: r[3]};
        d.lookups.forEach(function (lookup, i) {
            p[lookup.field] = lookup.values[r[4 + i]];
        });
        return {type: "Feature", properties: p,
                geometry: {type: "Point", coordinates: [r[1], r[0]]}};
    });
    var layer = L.geoJSON({type: "FeatureCollection", features: features}, {
        pointToLayer: function (f, latlng) {
            var p = f.properties;
            var marker;
            if (d.marker === "circle") {
                // Each type's own outline, the one that contrasts with its colour.
                marker = L.circleMarker(latlng, Object.assign({fillColor: p.color}, d.style,
                                                              p.outline ? {color: p.outline} : {}));
                var reach = (d.style.radius || 8) + (d.style.weight || 1) / 2;
                marker._atlasFootprint = {radius: reach, dy: 0};
            } else {
                marker = L.marker(latlng, {icon: L.AwesomeMarkers.icon({
                    icon: p.icon, markerColor: p.marker_color, iconColor: "white",
                    prefix: "fa", extraClasses: "fa-rotate-0"})});
                // The pin's head sits about 24 px above its tip.
                marker._atlasFootprint = {radius: 16, dy: -24};
            }
            marker._atlasHome = latlng;
            return marker;
        },
    });
    layer.bindTooltip(function (l) {
        var p = l.feature.properties;
        return "<table>" + d.tooltip.map(function (field) {
            return "<tr><th>" + field[1] + "</th><td>" + p[field[0]] + "</td></tr>";
        }).join("") + "</table>";
    }, {className: "foliumtooltip", sticky: true});
    layer.addTo(map);

    var spread = map._atlasSpread;
    if (!spread) {
        spread = map._atlasSpread = {markers: [], pending: false};
        var run = function () {
            if (spread.pending) { return; }
            spread.pending = true;
            setTimeout(function () {
                spread.pending = false;
                atlasSpreadPoints(spread.markers, map);
            }, 0);
        };
        spread.run = run;
        // Also after a pan or a legend change: points keep clear of the panels on the map.
        map.on("zoomend viewreset resize moveend atlaslegendfit", run);
        map.whenReady(run);
    }
    layer.eachLayer(function (marker) { spread.markers.push(marker); });
    spread.run();

    /* Moves each marker to the free spot nearest its true place (a sunflower spiral around
       it) so that no two footprints overlap at this zoom; at high zoom nothing moves. A
       point whose place is clear of the panels on the map (the open legend, the playback
       panel: map_frame.js) is never moved under one. */
    function atlasSpreadPoints(markers, map) {
        var gap = 2, panelGap = 8;
        var placed = [];
        var golden = Math.PI * (3 - Math.sqrt(5));
        var panels = (map._atlasPanelBoxes ? map._atlasPanelBoxes(map.getContainer()) : [])
            .map(function (b) {  // in layer pixels, like the points
                var corner = map.containerPointToLayerPoint(L.point(b.left, b.top));
                return {left: corner.x - panelGap, top: corner.y - panelGap,
                        right: corner.x + b.right - b.left + panelGap,
                        bottom: corner.y + b.bottom - b.top + panelGap};
            });
        function free(x, y, r) {
            for (var i = 0; i < placed.length; i++) {
                var q = placed[i];
                var dx = q.x - x, dy = q.y - y, reach = q.r + r + gap;
                if (dx * dx + dy * dy < reach * reach) { return false; }
            }
            return true;
        }
        function underPanel(x, y, r) {
            return panels.some(function (b) {
                return x + r > b.left && x - r < b.right && y + r > b.top && y - r < b.bottom;
            });
        }
        markers.forEach(function (marker) {
            var foot = marker._atlasFootprint;
            var home = map.latLngToLayerPoint(marker._atlasHome);
            var x = home.x, y = home.y + foot.dy;
            var step = foot.radius * 0.9;
            var clear = !underPanel(x, y, foot.radius);
            function fits(px, py) {
                return free(px, py, foot.radius) && !(clear && underPanel(px, py, foot.radius));
            }
            for (var k = 1; k < 2000 && !fits(x, y); k++) {
                var dist = Math.sqrt(k) * step;
                x = home.x + dist * Math.cos(k * golden);
                y = home.y + foot.dy + dist * Math.sin(k * golden);
            }
            placed.push({x: x, y: y, r: foot.radius});
            var moved = map.layerPointToLatLng(L.point(x, y - foot.dy));
            marker.setLatLng(x === home.x && y === home.y + foot.dy ? marker._atlasHome : moved);
        });
    }
}
