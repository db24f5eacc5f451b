/* A legend control holding ready-made, escaped HTML (components/legend.py). On a narrow
   map (a phone) it starts folded, so it never covers the map before a viewer asks. A
   legend taller than its map shrinks its text until it fits (never below 12 px), so it
   never scrolls and never runs off the map. */
function addLegend(position, html, map) {
    var legend = L.control({position: position});
    var div = null;
    legend.onAdd = function () {
        div = L.DomUtil.create("div", "atlas-legend");
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

    function fit() {
        var room = map.getContainer().clientHeight - 20;
        if (!div || room <= 0) { return; }
        div.style.removeProperty("font-size");
        var size = parseFloat(getComputedStyle(div).fontSize) || 14;
        while (div.offsetHeight > room && size > 12) {
            size = Math.max(12, size * 0.92);
            div.style.setProperty("font-size", size + "px", "important");
        }
        map.fire("atlaslegendfit");  // the map's frame refits beside it (map_frame.js)
    }
    map.on("resize", fit);
    map.whenReady(function () { setTimeout(fit, 0); });
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(fit); }
    div.addEventListener("toggle", fit, true);
}
