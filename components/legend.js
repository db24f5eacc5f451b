/* A legend control holding ready-made, escaped HTML (components/legend.py). */
function addLegend(position, html, map) {
    var legend = L.control({position: position});
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "atlas-legend");
        div.innerHTML = html;
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
    };
    legend.addTo(map);
}
