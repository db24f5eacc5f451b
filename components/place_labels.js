/* Non-interactive name labels from rows [lat, lon, escaped text], in priority order.
   After every zoom or resize each label takes the first spot inside the map where it
   overlaps no label placed before it, no panel and no control (on its anchor, then above,
   below, left or right of it), at full size or shrunk (never below the CSS variable
   --atlas-label-min, in px); a label that fits nowhere is hidden until it fits again.
   A place whose anchor is out of view is named at the map's edge nearest to it, with an
   arrow pointing where it lies (a lighter label, class atlas-label-away), never on a
   corner of it that would suggest it lies there. */
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
                html: '<div class="atlas-district-label"><span class="atlas-label-arrow">'
                    + '</span><span class="atlas-label-name" dir="auto">' + label[2]
                    + '</span><span class="atlas-label-arrow"></span></div>',
                iconSize: [0, 0],
                iconAnchor: [0, 0],
            }),
        }).addTo(map);
        return {marker: marker, base: 0};
    });
    var EDGE = 6;  // an edge label's gap to the map's edge, in px
    // Eight arrows, counter-clockwise from east (screen y grows downwards).
    var ARROWS = ["\u2192", "\u2197", "\u2191", "\u2196", "\u2190", "\u2199", "\u2193", "\u2198"];

    function overlaps(a, b) {
        return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    }

    /* The arrow from a label's centre towards its anchor, and whether it goes after the
       name (an anchor to the east) or before it. */
    function arrowTo(dx, dy) {
        var turn = Math.round(Math.atan2(-dy, dx) / (Math.PI / 4));
        var arrow = ARROWS[(turn + 8) % 8];
        return {text: arrow, after: dx >= 0};
    }

    /* Centres (in the map's pixels) for a label of w × h whose anchor (x, y) is out of
       view: on the edge(s) it lies beyond, or a row (a column) inwards, nearest
       first to the point of the edge nearest to it. */
    function edgeSpots(x, y, w, h, width, height) {
        var left = EDGE + w / 2, right = width - EDGE - w / 2;
        var top = EDGE + h / 2, bottom = height - EDGE - h / 2;
        if (left > right || top > bottom) { return []; }
        var cx = Math.min(Math.max(x, left), right), cy = Math.min(Math.max(y, top), bottom);
        var spots = [[cx, cy]];
        var row, at;
        if (cy !== y) {  // beyond the top or the bottom edge
            for (row = 0; row < 2; row++) {
                for (at = left; at <= right; at += w / 2) {
                    spots.push([at, cy + (y < top ? 1 : -1) * row * h * 1.2]);
                }
            }
        }
        if (cx !== x) {  // beyond the left or the right edge
            for (row = 0; row < 2; row++) {
                for (at = top; at <= bottom; at += h * 1.2) {
                    spots.push([cx + (x < left ? 1 : -1) * row * w * 0.6, at]);
                }
            }
        }
        return spots.sort(function (a, b) {
            return Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy);
        });
    }

    function layout() {
        var container = map.getContainer();
        var style = getComputedStyle(container);
        var smallest = parseFloat(style.getPropertyValue("--atlas-label-min")) || 11;
        var placed = [];
        var edge = container.getBoundingClientRect();
        var width = container.clientWidth, height = container.clientHeight;
        function inside(box) {  // a name cut by the map's edge cannot be read
            return box.left >= edge.left && box.right <= edge.right
                && box.top >= edge.top && box.bottom <= edge.bottom;
        }
        // No name under a control, nor touching one: the legend, the playback panel, the
        // zoom buttons, the scale bar and the credit (a gap absorbs sub-pixel rounding).
        var gap = 2;
        container.querySelectorAll(".leaflet-control, .atlas-legend, .atlas-playback")
            .forEach(function (control) {
                var box = control.getBoundingClientRect();
                if (box.width > 0) {
                    placed.push({left: box.left - gap, top: box.top - gap,
                                 right: box.right + gap, bottom: box.bottom + gap});
                }
            });
        items.forEach(function (item) {
            var el = item.marker.getElement();
            if (!el) { return; }
            var text = el.firstChild;
            var arrows = text.querySelectorAll(".atlas-label-arrow");
            var anchor = map.latLngToContainerPoint(item.marker.getLatLng());
            var away = anchor.x < 0 || anchor.y < 0 || anchor.x > width || anchor.y > height;
            text.classList.toggle("atlas-label-away", away);
            arrows[0].textContent = "";
            arrows[1].textContent = "";
            text.style.fontSize = "";
            text.style.visibility = "hidden";
            item.base = parseFloat(getComputedStyle(text).fontSize) || 14;
            var done = false;
            [1, 0.85, 0.72].forEach(function (scale) {
                var size = item.base * scale;
                if (done || (scale < 1 && size < smallest)) { return; }
                text.style.fontSize = size + "px";
                var arrow = null;
                if (away) {  // its width counts the arrow, whichever way it points
                    arrow = arrowTo(anchor.x - width / 2, anchor.y - height / 2);
                    arrows[arrow.after ? 1 : 0].textContent = arrow.text;
                }
                var w = text.offsetWidth, h = text.offsetHeight;
                var spots = away
                    ? edgeSpots(anchor.x, anchor.y, w, h, width, height).map(function (s) {
                        return [s[0] - anchor.x, s[1] - anchor.y];
                    })
                    : [[0, 0], [0, -h], [0, h], [-w * 0.6, 0], [w * 0.6, 0]];
                for (var i = 0; i < spots.length && !done; i++) {
                    // Where the label would be, in the document's pixels.
                    var middleX = edge.left + anchor.x + spots[i][0];
                    var middleY = edge.top + anchor.y + spots[i][1];
                    var box = {left: middleX - w / 2, right: middleX + w / 2,
                               top: middleY - h / 2, bottom: middleY + h / 2};
                    if (inside(box)
                        && !placed.some(function (other) { return overlaps(box, other); })) {
                        text.style.transform = "translate(calc(-50% + " + spots[i][0] + "px), "
                            + "calc(-50% + " + spots[i][1] + "px))";
                        placed.push(text.getBoundingClientRect());
                        done = true;
                        if (away) {  // the arrow points from where the label ended up
                            arrows[0].textContent = "";
                            arrows[1].textContent = "";
                            var to = arrowTo(-spots[i][0], -spots[i][1]);
                            arrows[to.after ? 1 : 0].textContent = to.text;
                        }
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
