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
    // Open beside a wide map: open the map on its box again, to the legend's left.
    var box = legend.getContainer();
    var width = box.offsetWidth;
    var room = map.getContainer().clientWidth;
    if (map._atlasFrame && width > 60 && width < room / 2) {
        map.fitBounds(map._atlasFrame, {paddingTopLeft: [10, 10],
                                        paddingBottomRight: [width + 20, 10]});
    }
}
