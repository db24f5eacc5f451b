/* Non-interactive name labels from rows [lat, lon, escaped text], in priority order.
   After every zoom or resize each label takes the first spot inside the map where it
   overlaps no label placed before it (on its anchor, then above, below, left or right of
   it), at full size or shrunk (never below the CSS variable --atlas-label-min, in px), clear of
   the map's controls; a label that fits nowhere is hidden until it fits again. */
function addPlaceLabels(labels, map) {
    // Above the markers, so a name is never hidden under a pin; clicks pass through.
    if (!map.getPane("atlasLabels")) {
        var pane = map.createPane("atlasLabels");
        pane.style.zIndex = 650;
        pane.style.pointerEvents = "none";
    }
    var items = labels.map(function (label) {
        var marker = L.marker([label[0], label[1]], {
            interactive: false,
            keyboard: false,
            pane: "atlasLabels",
            icon: L.divIcon({
                className: "atlas-district-label-icon",
                html: '<div class="atlas-district-label">' + label[2] + "</div>",
                iconSize: [0, 0],
                iconAnchor: [0, 0],
            }),
        }).addTo(map);
        return {marker: marker, base: 0};
    });

    function overlaps(a, b) {
        return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    }

    function layout() {
        var container = map.getContainer();
        var style = getComputedStyle(container);
        var smallest = parseFloat(style.getPropertyValue("--atlas-label-min")) || 11;
        var placed = [];
        var edge = container.getBoundingClientRect();
        function inside(box) {  // a name cut by the map's edge cannot be read
            return box.left >= edge.left && box.right <= edge.right
                && box.top >= edge.top && box.bottom <= edge.bottom;
        }
        // No name under a control: the legend, the playback panel, the zoom buttons, the
        // scale bar and the credit.
        container.querySelectorAll(".leaflet-control, .atlas-legend, .atlas-playback")
            .forEach(function (control) {
                var box = control.getBoundingClientRect();
                if (box.width > 0) { placed.push(box); }
            });
        items.forEach(function (item) {
            var el = item.marker.getElement();
            if (!el) { return; }
            var text = el.firstChild;
            text.style.fontSize = "";
            text.style.visibility = "hidden";
            item.base = parseFloat(getComputedStyle(text).fontSize) || 14;
            var done = false;
            [1, 0.85, 0.72].forEach(function (scale) {
                var size = item.base * scale;
                if (done || (scale < 1 && size < smallest)) { return; }
                text.style.fontSize = size + "px";
                var w = text.offsetWidth, h = text.offsetHeight;
                var spots = [[0, 0], [0, -h], [0, h], [-w * 0.6, 0], [w * 0.6, 0]];
                for (var i = 0; i < spots.length && !done; i++) {
                    text.style.transform = "translate(calc(-50% + " + spots[i][0] + "px), "
                        + "calc(-50% + " + spots[i][1] + "px))";
                    var box = text.getBoundingClientRect();
                    if (inside(box)
                        && !placed.some(function (other) { return overlaps(box, other); })) {
                        placed.push(box);
                        done = true;
                    }
                }
            });
            text.style.visibility = done ? "visible" : "hidden";
            text.classList.toggle("atlas-label-dropped", !done);
        });
    }

    var pending = false;
    function schedule() {
        if (pending) { return; }
        pending = true;
        requestAnimationFrame(function () { pending = false; layout(); });
    }
    map.on("zoomend viewreset resize moveend", schedule);
    map.whenReady(schedule);
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(schedule); }
    setTimeout(schedule, 300);
}
