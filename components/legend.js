/* A legend control holding ready-made, escaped HTML (components/legend.py). On a narrow
   map (a phone) it starts folded, so it never covers the map before a viewer asks. */
function addLegend(position, html, map) {
    var legend = L.control({position: position});
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "atlas-legend");
        div.innerHTML = html;
        var details = div.querySelector("details");
        if (details && map.getContainer().clientWidth < 560) {
            details.open = false;
        }
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
    };
    legend.addTo(map);
}
