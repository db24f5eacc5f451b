/* A legend control holding ready-made, escaped HTML (components/legend.py). On a narrow
   map (a phone) it starts folded, so it never covers the map before a viewer asks. A
   legend taller than its map shrinks its text until it fits (never below 12 px), so it
   never scrolls and never runs off the map; one that still does not fit starts folded
   too (until a viewer opens or folds it). */
function addLegend(position, html, map) {
    var legend = L.control({position: position});
    var div = null, details = null, chosen = false;
    legend.onAdd = function () {
        div = L.DomUtil.create("div", "atlas-legend");
        div.innerHTML = html;
        details = div.querySelector("details");
        if (details && map.getContainer().clientWidth < 560) {
            details.open = false;
        }
        if (details) {  // from now on the viewer decides whether it is open
            details.querySelector("summary").addEventListener("click", function () {
                chosen = true;
            });
        }
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
    };
    legend.addTo(map);
    var startsOpen = details && details.open;

    /* ``retry``: a legend folded for want of room opens again to try (the map may have
       grown); not after a toggle, which would loop. */
    function fit(retry) {
        var room = map.getContainer().clientHeight - 20;
        if (!div || room <= 0) { return; }
        if (retry === true && details && !chosen && startsOpen) { details.open = true; }
        div.style.removeProperty("font-size");
        var size = parseFloat(getComputedStyle(div).fontSize) || 14;
        while (div.offsetHeight > room && size > 12) {
            size = Math.max(12, size * 0.92);
            div.style.setProperty("font-size", size + "px", "important");
        }
        if (details && !chosen && div.offsetHeight > room) { details.open = false; }
        map.fire("atlaslegendfit");  // the map's frame refits beside it (map_frame.js)
    }
    map.on("resize", function () { fit(true); });
    map.whenReady(function () { setTimeout(function () { fit(true); }, 0); });
    if (document.fonts && document.fonts.ready) {
        document.fonts.ready.then(function () { fit(true); });
    }
    div.addEventListener("toggle", function () { fit(false); }, true);
}
