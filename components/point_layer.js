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
        // Also after a pan, a legend change or a refit: points keep clear of the panels.
        map.on("zoomend viewreset resize moveend atlaslegendfit atlasframed", run);
        map.whenReady(run);
    }
    layer.eachLayer(function (marker) { spread.markers.push(marker); });
    spread.run();

    /* Moves each marker to the free spot nearest its true place (a sunflower spiral around
       it) so that no two footprints overlap at this zoom; at high zoom nothing moves. A
       marker whose place is in view stays in the part of the map where points are drawn
       (map._atlasPointInsets, map_frame.js: not under the credit), whole, and a point whose
       place is clear of the panels on the map (the open legend, the playback panel:
       map_frame.js) is never moved under one. */
    function atlasSpreadPoints(markers, map) {
        var gap = 2, panelGap = 8;
        var placed = [];
        var golden = Math.PI * (3 - Math.sqrt(5));
        var size = map.getSize();
        var insets = map._atlasPointInsets ? map._atlasPointInsets()
                                           : {left: 2, top: 2, right: 2, bottom: 2};
        var corner = map.containerPointToLayerPoint([0, 0]);
        var room = {left: corner.x + insets.left, top: corner.y + insets.top,
                    right: corner.x + size.x - insets.right,
                    bottom: corner.y + size.y - insets.bottom};
        function inRoom(x, y, r) {
            return x - r >= room.left && x + r <= room.right
                && y - r >= room.top && y + r <= room.bottom;
        }
        var panels = (map._atlasPanelBoxes ? map._atlasPanelBoxes(map.getContainer()) : [])
            .map(function (b) {  // in layer pixels, like the points
                var topLeft = map.containerPointToLayerPoint(L.point(b.left, b.top));
                return {left: topLeft.x - panelGap, top: topLeft.y - panelGap,
                        right: topLeft.x + b.right - b.left + panelGap,
                        bottom: topLeft.y + b.bottom - b.top + panelGap};
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
            var homeY = home.y + foot.dy;
            // Off the view (a viewer moved the map), a marker is spread without bounds.
            var kept = inRoom(home.x, homeY, 0);
            var clear = !underPanel(home.x, homeY, foot.radius);
            var ok = function (px, py) {
                return (!kept || inRoom(px, py, foot.radius)) && free(px, py, foot.radius)
                    && !(clear && underPanel(px, py, foot.radius));
            };
            var x = home.x, y = homeY, fallback = null;
            var step = foot.radius * 0.9;
            for (var k = 1; k < 4000 && !ok(x, y); k++) {
                if (!fallback && kept && inRoom(x, y, foot.radius)) { fallback = [x, y]; }
                var dist = Math.sqrt(k) * step;
                x = home.x + dist * Math.cos(k * golden);
                y = homeY + dist * Math.sin(k * golden);
            }
            if (!ok(x, y) && fallback) { x = fallback[0]; y = fallback[1]; }
            placed.push({x: x, y: y, r: foot.radius});
            var moved = map.layerPointToLatLng(L.point(x, y - foot.dy));
            marker.setLatLng(x === home.x && y === homeY ? marker._atlasHome : moved);
        });
    }
}
