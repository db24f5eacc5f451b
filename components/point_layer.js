/* Points sent as short rows [lat, lon, id, name, codes...] (components/point_layers.py),
   rebuilt as one GeoJSON layer with a group tooltip. */
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
            if (d.marker === "circle") {
                return L.circleMarker(latlng, Object.assign({fillColor: p.color}, d.style));
            }
            return L.marker(latlng, {icon: L.AwesomeMarkers.icon({
                icon: p.icon, markerColor: p.marker_color, iconColor: "white",
                prefix: "fa", extraClasses: "fa-rotate-0"})});
        },
    });
    layer.bindTooltip(function (l) {
        var p = l.feature.properties;
        return "<table>" + d.tooltip.map(function (field) {
            return "<tr><th>" + field[1] + "</th><td>" + p[field[0]] + "</td></tr>";
        }).join("") + "</table>";
    }, {className: "foliumtooltip", sticky: true});
    layer.addTo(map);
}
