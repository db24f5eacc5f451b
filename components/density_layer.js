/* Entity counts per grid cell, sent as a compact grid (components/polygon_layers.py) and
   rebuilt as one GeoJSON layer of square cells; optional raw points as small dots. */
function addDensityLayer(d, map) {
    function row(label, value) {
        return "<tr><th>" + label + "</th><td>" + value + "</td></tr>";
    }
    var features = d.cells.map(function (c) {
        var w = d.lon0 + c[0] * d.dx, s = d.lat0 + c[1] * d.dy;
        var e = w + d.dx, n = s + d.dy;
        return {type: "Feature", geometry: {type: "Polygon",
                coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]]},
                properties: {kind: "density", id: d.districts[c[4]], n: c[2],
                             c: c[3], i: c[5], e: c[6]}};
    });
    var layer = L.geoJSON({type: "FeatureCollection", features: features}, {
        style: function (f) {
            return Object.assign({fillColor: d.colors[f.properties.c]}, d.style);
        },
    });
    layer.bindTooltip(function (l) {
        var p = l.feature.properties;
        var html = row(d.labels.total, p.n.toLocaleString("zh-CN"));
        if (p.i !== undefined) {
            html += row(d.labels.individual, p.i.toLocaleString("zh-CN"));
            html += row(d.labels.enterprise, p.e.toLocaleString("zh-CN"));
        }
        return "<table>" + html + "</table>" + d.labels.note;
    }, {sticky: true});
    layer.addTo(map);
    (d.points || []).forEach(function (p) {
        L.circleMarker([p[0], p[1]], {radius: 3, weight: 0, fillOpacity: 0.8,
                                      fillColor: d.pointColors[p[2]]})
            .bindTooltip(d.kindNames[p[2]])
            .addTo(map);
    });
}
